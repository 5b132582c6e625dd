import EarlyYearsSchema
import Foundation
@testable import Sharing

/// Events and agreements for the router's tests, built with the model itself.
enum SharingFixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let catalog = try! SchemaCatalog(contentsOf: repository.appendingPathComponent("schemas/early-years-event.v1.schema.json"))
    static let today = "2026-06-01"
    static let at = "2026-06-01T09:00:00Z"

    static let nursery = Source(orgType: .earlyYearsSetting, orgCode: "EY512345", orgName: "Sunny Days Nursery", system: "nursery-csv", recordID: "")
    static let health = Source(orgType: .healthVisiting, orgCode: "RCD", orgName: "Durham Health Visiting", system: "hv-dch-fhir", recordID: "")
    static let council = Source(orgType: .localAuthority, orgCode: "201", orgName: "Example Council", system: "council-early-help-csv", recordID: "")

    static func subject(postcode: String? = "DH1 2TF") -> Subject {
        Subject(nhsNumber: .init(NHSNumber("9434765919")), givenNames: ["Amelia"], familyName: "Rockwood", birthDate: "2024-03-01",
                sex: .female, postcode: postcode)
    }

    static func event(
        _ payload: Payload, from source: Source, record: String, version: String = "1", action: Action = .new,
        subject: Subject = subject(), specialCategory: Bool = false, consent: ParentalConsent? = nil, retainUntil: String? = nil,
        occurredAt: String = "2026-05-02T10:00:00Z"
    ) -> EarlyYearsEvent {
        var source = source
        source.recordID = record
        source.recordVersion = version
        let id = Array("\(source.system)/\(record)/\(version)/\(action.rawValue)".utf8).reduce(into: [UInt8](repeating: 0, count: 32)) { digest, byte in
            for index in digest.indices { digest[index] = digest[index] &* 31 &+ byte &+ UInt8(index) }
        }.map { String(format: "%02x", $0) }.joined()
        return EarlyYearsEvent(
            eventID: id, action: action, occurredAt: occurredAt, recordedAt: occurredAt, source: source, subject: subject,
            lawfulBasis: LawfulBasis(article6: .publicTask, article9: specialCategory ? .healthOrSocialCare : nil, dpaSchedule1Paragraph: specialCategory ? 2 : nil),
            specialCategory: specialCategory, parentalConsent: consent, retainUntil: retainUntil,
            provenance: Provenance(adapter: "test", mappingID: "test", mappingVersion: "1", origin: "test"), payload: payload)
    }

    static func enrolment(_ urn: String = "EY512345", start: String = "2026-01-05", end: String? = nil) -> Payload {
        .enrolment(EnrolmentPayload(settingURN: urn, settingName: "Sunny Days Nursery", startDate: start, endDate: end,
                                    fundedHours: .init(type: .universal15, hoursPerWeek: 15), eypp: true, daf: false, senProvision: .none))
    }

    static func review(communication: Double = 20) -> Payload {
        .developmentalReview(DevelopmentalReviewPayload(instrument: .asq3, intervalMonths: 27, completedOn: "2026-05-02", areas: [
            .init(area: .communication, score: communication, band: communication < 25 ? .belowCutoff : .aboveCutoff, cutoff: 25.17),
            .init(area: .grossMotor, score: 55, band: .aboveCutoff, cutoff: 38.07),
        ]))
    }

    static func referral(_ service: ReferralPayload.Service = .speechLanguageTherapy, outcome: ReferralPayload.Outcome? = .pending) -> Payload {
        .referral(ReferralPayload(toService: service, referredOn: "2026-05-03", outcome: outcome))
    }

    static func concern(_ domain: ConcernPayload.Domain = .speechLanguageCommunication, status: ConcernPayload.Status = .open) -> Payload {
        .concern(ConcernPayload(domain: domain, severity: .medium, status: status, raisedOn: "2026-05-04", summary: "Few words at 26 months"))
    }

    static func episode(closed: String? = nil) -> Payload {
        .earlyHelpEpisode(EarlyHelpEpisodePayload(assessmentStart: "2026-04-01", episodeClosed: closed, leadOrganisation: "Example Council"))
    }

    static func flag() -> Payload {
        .safeguardingFlag(SafeguardingFlagPayload(flag: .childProtectionPlan, status: .active, recordedOn: "2026-05-05"))
    }

    static func recipient(
        _ id: String, organisation: String, type: Source.OrgType = .earlyYearsSetting, relationships: [Relationship], area: [String] = [],
        referralService: ReferralPayload.Service? = nil, topic: String? = nil
    ) -> Agreement.Recipient {
        Agreement.Recipient(id: id, name: id.capitalized, organisation: organisation, serviceType: type,
                            topic: topic ?? "eyh.share.\(id).v1", relationships: relationships, area: area, referralService: referralService,
                            retention: "3 years", line: 10)
    }

    static func share(_ type: EventType, _ fields: [String], recipients: [String] = [], sources: [Source.OrgType]? = nil) -> Agreement.Share {
        Agreement.Share(eventType: type, fields: fields, sources: sources, recipients: recipients, line: 20, fieldLines: [:])
    }

    static func agreement(
        _ id: String, recipients: [Agreement.Recipient], shares: [Agreement.Share], safeguarding: Bool = false,
        article9: LawfulBasis.Article9? = .healthOrSocialCare, validFrom: String = "2026-01-01", validUntil: String = "2027-12-31",
        version: String = "1.0"
    ) -> Agreement {
        Agreement(
            id: id, version: version, title: id, parties: [.init(organisation: "X", name: "X", role: "controller")],
            purpose: .init(code: safeguarding ? "THREAT" : "COC", description: "Purpose of \(id)", safeguarding: safeguarding),
            lawfulBasis: LawfulBasis(article6: .publicTask, article9: article9,
                                     dpaSchedule1Paragraph: article9 == nil ? nil : (article9 == .substantialPublicInterest ? 18 : 2)),
            recipients: recipients, shares: shares, validFrom: validFrom, validUntil: validUntil, reviewDate: validUntil,
            file: "\(id).yaml", line: 1, keyLines: [:])
    }

    /// The leaf paths of a JSON value (dotted, `[]` for list elements), read with JSONSerialization,
    /// not with the code under test.
    static func leafPaths(_ bytes: [UInt8]) throws -> Set<String> {
        var paths: Set<String> = []
        func walk(_ value: Any, _ path: String) {
            if let object = value as? [String: Any] {
                for (key, child) in object { walk(child, path.isEmpty ? key : "\(path).\(key)") }
            } else if let array = value as? [Any] {
                if array.isEmpty { paths.insert(path) }
                for child in array { walk(child, path + "[]") }
            } else {
                paths.insert(path)
            }
        }
        walk(try JSONSerialization.jsonObject(with: Data(bytes)), "")
        return paths
    }

    /// Whether `path` is one of `allowed` or inside one of them.
    static func covered(_ path: String, by allowed: Set<String>) -> Bool {
        var prefix = path
        while true {
            if allowed.contains(prefix) { return true }
            if prefix.hasSuffix("[]") { prefix.removeLast(2); continue }
            guard let cut = prefix.lastIndex(of: ".") else { return false }
            prefix = String(prefix[..<cut])
        }
    }
}
