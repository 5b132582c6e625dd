import Audit
import EarlyYearsSchema
import Foundation
import Identity
@testable import Sharing
import Testing

/// Random agreements against random events: whatever the agreements say, no recipient ever
/// receives a field, an event type or a child it is not permitted, and every permitted recipient
/// does receive. The permission is worked out here again from the rules as the agreements and
/// DOMAIN.md state them, from the child's history of events, not from the router's state.
@Suite("The router against random agreements")
struct RouterPropertyTests {
    typealias F = SharingFixtures
    static let child = "ch_ffeeddccbbaa99887766554433221100"
    static let types: [EventType] = [.enrolment, .developmentalReview, .referral, .concern, .earlyHelpEpisode, .safeguardingFlag]
    static let sources = [F.nursery, F.health, F.council, Source(orgType: .earlyYearsSetting, orgCode: "EY123456", system: "acorns", recordID: "")]
    static let postcodes: [String?] = [nil, "DH1 2TF", "DH1 3AB", "LS6 2QT", "ls11 5rt"]
    static let areas = ["DH1", "DH1 2", "LS6", "LS11 5", "LS9"]

    struct Trial {
        var agreements: [Agreement]
        var events: [EarlyYearsEvent]
        var restrictions: ChildSharingState.Restrictions
    }

    static func trial(_ random: inout SeededGenerator, number: Int) -> Trial {
        func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }
        func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }
        let recipientPool: [Agreement.Recipient] = [
            F.recipient("setting-a", organisation: "EY512345", relationships: [.onRoll]),
            F.recipient("setting-b", organisation: "EY123456", relationships: [.onRoll, .caseload]),
            F.recipient("hv", organisation: "RCD", type: .healthVisiting, relationships: [pick([.caseload, .area]), .area], area: [pick(areas)]),
            F.recipient("council", organisation: "201", type: .localAuthority, relationships: [pick([.resident, .openCase])], area: [pick(areas), pick(areas)]),
            F.recipient("slt", organisation: "RXP", type: .other, relationships: [.referred], referralService: .speechLanguageTherapy),
            F.recipient("help", organisation: "201", type: .localAuthority, relationships: [.referred, .openCase], referralService: .earlyHelp),
        ]
        var agreements: [Agreement] = []
        for index in 0..<Int.random(in: 1...3, using: &random) {
            let recipients = recipientPool.filter { _ in chance(0.5) }
            let chosen = recipients.isEmpty ? [pick(recipientPool)] : recipients
            var shares: [Agreement.Share] = []
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let type = pick(types)
                let catalogFields = F.catalog.fields(of: type).map(\.path)
                let fields = (0..<Int.random(in: 1...6, using: &random)).map { _ in pick(catalogFields) }
                let named = chance(0.5) ? [pick(chosen).id] : []
                let sources: [Source.OrgType]? = chance(0.3) ? [pick([.earlyYearsSetting, .healthVisiting, .localAuthority])] : nil
                // One set of fields per recipient and type, as `policy check` requires.
                guard !shares.contains(where: { $0.eventType == type }) else { continue }
                shares.append(F.share(type, fields, recipients: named, sources: sources))
            }
            let validity = pick([("2026-01-01", "2027-12-31"), ("2025-01-01", "2026-03-31"), ("2026-09-01", "2027-12-31"), ("2026-06-01", "2026-06-01")])
            let safeguarding = chance(0.3)
            agreements.append(F.agreement(
                "dsa-\(number)-\(index)", recipients: chosen, shares: shares, safeguarding: safeguarding,
                article9: chance(0.25) ? nil : (safeguarding ? .substantialPublicInterest : .healthOrSocialCare),
                validFrom: validity.0, validUntil: validity.1))
        }
        var events: [EarlyYearsEvent] = []
        var versions: [String: Int] = [:]
        for step in 0..<Int.random(in: 2...8, using: &random) {
            // An enrolment one time in three, so that settings are often related to the child.
            let type = chance(0.33) ? .enrolment : pick(types)
            let record = "\(type.rawValue)-\(Int.random(in: 0..<2, using: &random))"
            let version = (versions[record] ?? 0) + 1
            versions[record] = version
            let payload: Payload = switch type {
            case .enrolment: F.enrolment(pick(["EY512345", "EY123456"]), start: pick(["2026-01-05", "2026-07-01"]), end: pick([nil, "2026-05-31", "2026-12-31"]))
            case .developmentalReview: F.review(communication: pick([10, 40]))
            case .referral: F.referral(pick([.speechLanguageTherapy, .earlyHelp, .paediatrics]), outcome: pick([nil, .pending, .completed, .declined]))
            case .concern: F.concern(pick([.speechLanguageCommunication, .safeguarding]), status: pick([.open, .closed]))
            case .earlyHelpEpisode: F.episode(closed: pick([nil, "2026-05-20"]))
            default: F.flag()
            }
            let source = type == .enrolment ? F.nursery : pick(sources)
            events.append(F.event(
                payload, from: source, record: record, version: String(version),
                action: version == 1 ? .new : pick([.update, .update, .delete]), subject: F.subject(postcode: pick(postcodes)),
                specialCategory: chance(0.5), consent: pick([nil, nil, .given, .refused]),
                retainUntil: pick([nil, "2049-01-01", "2026-05-01"]), occurredAt: "2026-05-\(String(format: "%02d", 1 + step))T10:00:00Z"))
        }
        var restrictions = ChildSharingState.Restrictions()
        let decided = ChildSharingState.Decided(decisionID: "d", by: "someone", reason: "a reason", at: F.at)
        if chance(0.25) { restrictions.objection = decided }
        if chance(0.1) { restrictions.sealed = decided }
        if chance(0.4), let agreement = agreements.randomElement(using: &random) { restrictions.overrides[agreement.id] = decided }
        return Trial(agreements: agreements, events: events, restrictions: restrictions)
    }

    // MARK: The oracle

    /// The child's live records after each event (latest version of each; deleted and expired ones gone).
    struct History {
        var live: [String: EarlyYearsEvent] = [:]
        var postcode: (String, String)?

        mutating func apply(_ event: EarlyYearsEvent) {
            let key = "\(event.source.system)|\(event.source.orgCode)|\(event.source.recordID)"
            let expired = event.retainUntil.map { $0 < F.today } ?? false
            if event.action == .delete || expired {
                live[key] = nil
                return
            }
            live[key] = event
            if let postcode = event.subject.postcode, postcode.isEmpty == false, event.occurredAt >= (self.postcode?.1 ?? "") {
                self.postcode = (postcode, event.occurredAt)
            }
        }

        func inArea(_ areas: [String]) -> Bool {
            guard let (raw, _) = postcode else { return false }
            let compact = raw.uppercased().replacingOccurrences(of: " ", with: "")
            let outward = String(compact.dropLast(3))
            let inward = compact.suffix(3)
            return areas.contains { $0 == outward || $0 == "\(outward) \(inward.prefix(1))" }
        }

        func related(_ recipient: Agreement.Recipient) -> Bool {
            recipient.relationships.contains { relationship in
                switch relationship {
                case .onRoll:
                    return live.values.contains { event in
                        guard case .enrolment(let enrolment) = event.payload else { return false }
                        return enrolment.settingURN == recipient.organisation && enrolment.startDate <= F.today && (enrolment.endDate ?? "9999") >= F.today
                    }
                case .caseload:
                    return live.values.contains { $0.source.orgCode == recipient.organisation }
                case .area, .resident:
                    return inArea(recipient.area)
                case .openCase:
                    return live.values.contains { event in
                        guard case .earlyHelpEpisode(let episode) = event.payload else { return false }
                        return episode.episodeClosed == nil && event.source.orgCode == recipient.organisation
                    }
                case .referred:
                    return live.values.contains { event in
                        guard case .referral(let referral) = event.payload else { return false }
                        let closed = [ReferralPayload.Outcome.completed, .declined, .noFurtherAction].contains(referral.outcome)
                        return !closed && referral.toService == recipient.referralService
                    }
                }
            }
        }
    }

    /// The agreements under which `recipient` may have `event` now, by the stated rules.
    static func permitting(_ event: EarlyYearsEvent, _ recipient: Agreement.Recipient, _ agreement: Agreement, _ history: History,
                           _ restrictions: ChildSharingState.Restrictions) -> Bool {
        let shares = agreement.shares(for: recipient.id, of: event.eventType)
        guard agreement.validFrom <= F.today, F.today <= agreement.validUntil, !shares.isEmpty else { return false }
        if event.action == .delete || (event.retainUntil ?? "9999") < F.today { return false }
        if let sources = shares[0].sources, !sources.contains(event.source.orgType) { return false }
        if restrictions.sealed != nil { return false }
        if event.specialCategory && agreement.lawfulBasis.article9 == nil { return false }
        if restrictions.objection != nil && !(agreement.purpose.safeguarding && restrictions.overrides[agreement.id] != nil) { return false }
        if event.parentalConsent == .refused && !agreement.purpose.safeguarding { return false }
        return history.related(recipient)
    }

    @Test("10,000 random sets of agreements and random events: nothing reaches a recipient that it may not have, and all it may have does")
    func neverMoreThanPermitted() throws {
        var random = SeededGenerator(seed: 20261202)
        var counts = (trials: 0, agreements: 0, events: 0, disclosures: 0, retractions: 0, denials: 0)
        for number in 0..<10_000 {
            let trial = Self.trial(&random, number: number)
            let router = Router(agreements: trial.agreements)
            var state = ChildSharingState()
            state.restrictions = trial.restrictions
            var history = History()
            var holding: [String: Set<String>] = [:] // record → recipients holding a version
            for event in trial.events {
                history.apply(event)
                let outcome = try router.route(event, tree: try event.tree(), childID: Self.child, sourceKey: "sk", state: &state, today: F.today, at: F.at)
                let record = Router.recordKey(event.source)
                var expected: Set<String> = []
                for agreement in router.agreements {
                    for recipient in agreement.recipients where Self.permitting(event, recipient, agreement, history, trial.restrictions) {
                        expected.insert(recipient.id)
                    }
                }
                let sentData = outcome.shared.filter { $0.kind == .disclosure || $0.kind == .correction }
                #expect(Set(sentData.map(\.recipient.id)) == expected, "trial \(number): recipients of \(event.eventType.rawValue)")
                for shared in sentData {
                    let agreement = try #require(router.agreements.first { $0.id == shared.entry.agreementID })
                    let recipient = try #require(agreement.recipients.first { $0.id == shared.recipient.id })
                    #expect(Self.permitting(event, recipient, agreement, history, trial.restrictions), "trial \(number): \(shared.recipient.id)")
                    let allowed = Set(agreement.shares(for: recipient.id, of: event.eventType).flatMap(\.fields)).union(recordEnvelopeFields)
                    let paths = try F.leafPaths(shared.value)
                    for path in paths {
                        #expect(F.covered(path, by: allowed), "trial \(number): \(path) sent to \(recipient.id)")
                    }
                    #expect(shared.entry.fields == paths.sorted())
                    #expect(shared.kind == (holding[record]?.contains(recipient.id) == true ? .correction : .disclosure))
                    holding[record, default: []].insert(recipient.id)
                    counts.disclosures += 1
                }
                for shared in outcome.shared where shared.kind == .retraction || shared.kind == .retentionDeletion {
                    #expect(holding[record]?.contains(shared.recipient.id) == true, "trial \(number): retraction to a recipient that had nothing")
                    #expect(!expected.contains(shared.recipient.id))
                    #expect(try F.leafPaths(shared.value) == ["action", "event_id", "event_type", "record_key", "schema_version"])
                    holding[record]?.remove(shared.recipient.id)
                    counts.retractions += 1
                }
                // Whoever held the record and may not have this version was told.
                for holder in holding[record] ?? [] { #expect(expected.contains(holder), "trial \(number): \(holder) kept a record it may not have") }
                counts.denials += outcome.denied.count
                counts.events += 1
            }
            counts.trials += 1
            counts.agreements += trial.agreements.count
        }
        #expect(counts.agreements >= 10_000)
        // The generator must exercise every branch: something shared, retracted and denied.
        #expect(counts.disclosures > 1_000 && counts.retractions > 100 && counts.denials > 1_000)
        print("router property: \(counts.trials) trials, \(counts.agreements) agreements, \(counts.events) events, "
              + "\(counts.disclosures) records sent, \(counts.retractions) retractions, \(counts.denials) denials")
    }
}
