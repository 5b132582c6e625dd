import Audit
import EarlyYearsSchema
import Foundation
import Identity
import Kafka
import Testing

/// From canonical events as the resolver writes them to `eyh.child-events.v1` (built with the
/// model, with a merge and a split notice each written under both ids) to the published tables.
@Suite struct NDLFoldTests {
    static let health = Source(orgType: .healthVisiting, orgCode: "RCD", orgName: "Durham Health Visiting", system: "hv-dch-fhir", recordID: "")
    static let nursery = Source(orgType: .earlyYearsSetting, orgCode: "EY512345", orgName: "Sunny Days Nursery", system: "nursery-csv", recordID: "")
    static let council = Source(orgType: .localAuthority, orgCode: "201", orgName: "Example Council", system: "council-early-help-csv", recordID: "")

    // Amelia is known to health visiting (ch_a) and, separately at first, to her nursery (ch_b):
    // the two are merged. Oliver's record (ch_c) wrongly held a nursery record of another child,
    // which a person split off to ch_d.
    static let amelia = "ch_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", ameliaAtNursery = "ch_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
    static let oliver = "ch_cccccccccccccccccccccccccccccccc", splitOff = "ch_dddddddddddddddddddddddddddddddd"

    static func subject(nhs: String, given: String, family: String, born: String) -> Subject {
        Subject(nhsNumber: .init(NHSNumber(nhs)), givenNames: [given], familyName: family, birthDate: born, sex: .female, postcode: "DH1 2TF")
    }

    static let ameliaSubject = subject(nhs: "9434765919", given: "Amelia", family: "Rockwood", born: "2024-03-01")
    static let oliverSubject = subject(nhs: "9912003888", given: "Oliver", family: "Hartley", born: "2024-03-01")
    static let otherSubject = subject(nhs: "9990500002", given: "Isla", family: "Fenwick", born: "2025-01-10")

    static func event(_ payload: Payload, from source: Source, record: String, version: String = "1", action: Action = .new,
                      subject: Subject, at: String = "2026-05-02T10:00:00Z") -> EarlyYearsEvent {
        var source = source
        source.recordID = record
        source.recordVersion = version
        let id = String(repeating: String(format: "%02x", record.utf8.reduce(UInt8(0), &+) &+ UInt8(version.count)), count: 32)
        return EarlyYearsEvent(
            eventID: id, action: action, occurredAt: at, recordedAt: at, source: source, subject: subject,
            lawfulBasis: LawfulBasis(article6: .publicTask, article9: .healthOrSocialCare, dpaSchedule1Paragraph: 2), specialCategory: true,
            provenance: Provenance(adapter: "test", mappingID: "test", mappingVersion: "1", origin: "test"), payload: payload)
    }

    static func review(_ completed: String, communication: DevelopmentalReviewPayload.Band) -> Payload {
        .developmentalReview(DevelopmentalReviewPayload(instrument: .asq3, intervalMonths: 27, completedOn: completed, areas: [
            .init(area: .communication, score: communication == .belowCutoff ? 20 : 45, band: communication, cutoff: 25.17),
            .init(area: .grossMotor, score: 55, band: .aboveCutoff, cutoff: 38.07),
        ]))
    }

    static func concern(_ domain: ConcernPayload.Domain, raised: String = "2026-04-10", closed: String? = nil) -> Payload {
        .concern(ConcernPayload(domain: domain, severity: .medium, status: closed == nil ? .open : .closed, raisedOn: raised, closedOn: closed,
                                summary: "Few words at 26 months"))
    }

    static func message(_ event: EarlyYearsEvent, child: String, sourceKey: String, offset: Int64) throws -> KafkaMessage {
        KafkaMessage(topic: "eyh.child-events.v1", partition: 0, offset: offset, key: Array(child.utf8), value: try event.canonicalJSON(),
                     headers: [KafkaHeader(name: IdentityHeader.childID, string: child), KafkaHeader(name: IdentityHeader.sourceKey, string: sourceKey)])
    }

    static func notice(_ kind: String, from: String, into: String, sourceKey: String? = nil, at: String, key: String, offset: Int64) -> KafkaMessage {
        let source = sourceKey.map { #","source_key":"\#($0)""# } ?? ""
        let json = #"{"type":"\#(kind)","from":"\#(from)","into":"\#(into)"\#(source),"reason":"review accepted","decided_by":"dpo@example.gov.uk","decided_at":"\#(at)"}"#
        return KafkaMessage(topic: "eyh.child-events.v1", partition: 1, offset: offset, key: Array(key.utf8), value: Array(json.utf8),
                            headers: [KafkaHeader(name: IdentityHeader.control, string: kind)])
    }

    static func records() throws -> [ChildEventsRecord] {
        let messages: [KafkaMessage] = [
            // Amelia: a below-cut-off ASQ (health visiting), a speech concern (council), a progress
            // check not on track in communication (the nursery, under her other id until the merge).
            try message(event(review("2026-05-02", communication: .belowCutoff), from: health, record: "asq-1", subject: ameliaSubject),
                        child: amelia, sourceKey: "hv:1", offset: 0),
            try message(event(concern(.speechLanguageCommunication), from: council, record: "cn-1", subject: ameliaSubject),
                        child: amelia, sourceKey: "la:1", offset: 1),
            try message(event(.progressCheckTwo(ProgressCheckTwoPayload(completedOn: "2026-05-20", primeAreas: [
                .init(area: .communicationAndLanguage, onTrack: false), .init(area: .physicalDevelopment, onTrack: true),
            ], parentalConsentToShare: true, integratedReview: true)), from: nursery, record: "pc-1", subject: ameliaSubject),
                        child: ameliaAtNursery, sourceKey: "ey:1", offset: 2),
            notice("identity-merge", from: ameliaAtNursery, into: amelia, at: "2026-05-25T09:00:00Z", key: amelia, offset: 3),
            notice("identity-merge", from: ameliaAtNursery, into: amelia, at: "2026-05-25T09:00:00Z", key: ameliaAtNursery, offset: 4),
            // Oliver: an ASQ all above cut-off; a health concern deleted at source; a concern closed before the period.
            try message(event(review("2026-04-20", communication: .aboveCutoff), from: health, record: "asq-9", subject: oliverSubject),
                        child: oliver, sourceKey: "hv:9", offset: 5),
            try message(event(concern(.health), from: health, record: "cn-9", subject: oliverSubject), child: oliver, sourceKey: "hv:9", offset: 6),
            try message(event(concern(.health), from: health, record: "cn-9", version: "2", action: .delete, subject: oliverSubject,
                              at: "2026-05-03T10:00:00Z"), child: oliver, sourceKey: "hv:9", offset: 7),
            try message(event(concern(.socialEmotional, raised: "2026-01-05", closed: "2026-03-01"), from: health, record: "cn-10",
                              subject: oliverSubject, at: "2026-03-01T10:00:00Z"), child: oliver, sourceKey: "hv:9", offset: 8),
            // Another child's nursery concern, wrongly under Oliver's id, then split off.
            try message(event(concern(.physical), from: nursery, record: "cn-20", subject: otherSubject), child: oliver, sourceKey: "ey:9", offset: 9),
            notice("identity-split", from: oliver, into: splitOff, sourceKey: "ey:9", at: "2026-06-02T09:00:00Z", key: oliver, offset: 10),
            notice("identity-split", from: oliver, into: splitOff, sourceKey: "ey:9", at: "2026-06-02T09:00:00Z", key: splitOff, offset: 11),
        ]
        return try messages.map { try ChildEventsRecord($0) }
    }

    static let fold = NDLFold(period: ReportingPeriod("2026-Q2")!, laByOrgCode: ["RCD": "202"])
    static let unprotected = DisclosureRule(threshold: 1, roundingBase: 1)

    @Test func periodsAreQuartersHalvesAndYears() throws {
        let quarter = try #require(ReportingPeriod("2026-Q2"))
        #expect((quarter.start, quarter.end) == ("2026-04-01", "2026-06-30"))
        #expect(ReportingPeriod("2026-h1").map { ($0.start, $0.end) }! == ("2026-01-01", "2026-06-30"))
        #expect(ReportingPeriod("2028").map { ($0.start, $0.end) }! == ("2028-01-01", "2028-12-31"))
        #expect(ReportingPeriod("2026-Q5") == nil && ReportingPeriod("26-Q1") == nil)
        #expect(quarter.contains("2026-06-30T23:59:59Z") && !quarter.contains("2026-07-01"))
    }

    @Test func ageBandsAreWholeYearsAtThePeriodEnd() {
        #expect(ChildFacts.AgeBand(birthDate: "2024-06-30", at: "2026-06-30") == .two)
        #expect(ChildFacts.AgeBand(birthDate: "2024-07-01", at: "2026-06-30") == .one)
        #expect(ChildFacts.AgeBand(birthDate: "2026-01-01", at: "2026-06-30") == .under1)
        #expect(ChildFacts.AgeBand(birthDate: "2026-08-01", at: "2026-06-30") == .unknown)
        #expect(ChildFacts.AgeBand(birthDate: nil, at: "2026-06-30") == .unknown)
    }

    @Test func aMergedChildCountsOnceAndASplitOneSeparately() throws {
        let (facts, counts) = Self.fold.facts(try Self.records())
        #expect(counts.merges == 1 && counts.splits == 1)
        #expect(counts.childrenInPeriod == 3)
        let amelia = try #require(facts.first { $0.localAuthority == "201" })
        #expect(amelia.servicesFlagging[.speechLanguageCommunication] == ["health_visiting:RCD", "local_authority:201", "early_years_setting:EY512345"])
        #expect(amelia.reviewBands[.communication] == .belowCutoff)
        let oliver = try #require(facts.first { $0.localAuthority == "202" })
        #expect(oliver.servicesFlagging.isEmpty, "a deleted concern and one closed before the period do not count")
        let other = try #require(facts.first { $0.localAuthority == "unknown" })
        #expect(other.ageBand == .one && other.servicesFlagging[.physical] == ["early_years_setting:EY512345"])
    }

    @Test func theTablesCountTheFoldedChildren() throws {
        let files = try NDLExport(records: try Self.records(), fold: Self.fold, rule: Self.unprotected, producedAt: "2026-07-01T08:00:00Z").files()
        #expect(files[NDLTables.population] == """
            la,0,1,2,3,4,5+,unknown,Total
            201,0,0,1,0,0,0,0,1
            202,0,0,1,0,0,0,0,1
            unknown,0,1,0,0,0,0,0,1
            Total,0,1,2,0,0,0,0,3

            """)
        let concerns = try #require(files[NDLTables.concerns]).split(separator: "\n").map(String.init)
        #expect(concerns.first == "la,age_band,concern_domain,1 service,2 services,3 or more services,Total")
        #expect(concerns.contains("201,2,speech_language_communication,0,0,1,1"))
        #expect(concerns.contains("202,2,health,0,0,0,0"))
        #expect(concerns.contains("202,2,social_emotional,0,0,0,0"))
        #expect(concerns.contains("unknown,1,physical,1,0,0,1"))
        #expect(concerns.last == "Total,Total,Total,1,0,1,2")
        #expect(concerns.count == 1 + 3 * 7 * 8 + 1)
        let bands = try #require(files[NDLTables.reviewBands]).split(separator: "\n").map(String.init)
        #expect(bands.contains("201,communication,1,0,0,0,z,z,z,z,1"))
        #expect(bands.contains("202,communication,0,0,1,0,z,z,z,z,1"))
        #expect(bands.contains("201,social_emotional,z,z,z,z,0,0,0,0,0"))
    }

    @Test func thePublishedExportHasNoChildIdentifiersAndHidesSmallCounts() throws {
        let export = NDLExport(records: try Self.records(), fold: Self.fold, rule: DisclosureRule(), producedAt: "2026-07-01T08:00:00Z")
        let files = try export.files()
        #expect(Set(files.keys) == [NDLExport.metadataFile, NDLTables.population, NDLTables.concerns, NDLTables.reviewBands])
        for (name, contents) in files {
            for secret in [Self.amelia, Self.ameliaAtNursery, Self.oliver, Self.splitOff, "9434765919", "9912003888", "Amelia", "Rockwood", "DH1", "2024-03-01", "hv:1", "ey:9"] {
                #expect(!contents.contains(secret), "\(name) contains \(secret)")
            }
        }
        for table in export.tables {
            for value in table.published.joined() {
                #expect(value == .count(0) || value == .suppressed || value == .notApplicable, "\(table.table.name): \(value) is not protected")
            }
        }
        let metadata = try JSONSerialization.jsonObject(with: Data(files[NDLExport.metadataFile]!.utf8)) as? [String: Any]
        #expect(metadata?["period"] as? String == "2026-Q2")
        #expect((metadata?["rule"] as? [String: Any])?["threshold"] as? Int == 10)
        #expect((metadata?["symbols"] as? [String: String])?.keys.sorted() == ["c", "z"])
        #expect((metadata?["source_counts"] as? [String: Any])?["deleted_source_records"] as? Int == 1)
    }

    @Test func equalRecordsGiveEqualFiles() throws {
        let records = try Self.records()
        let one = try NDLExport(records: records, fold: Self.fold, rule: DisclosureRule(), producedAt: "2026-07-01T08:00:00Z").files()
        let other = try NDLExport(records: records.reversed(), fold: Self.fold, rule: DisclosureRule(), producedAt: "2026-07-01T08:00:00Z").files()
        #expect(one == other)
    }
}
