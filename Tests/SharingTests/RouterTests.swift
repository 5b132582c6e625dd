import Audit
import Crypto
import EarlyYearsSchema
import Foundation
@testable import Sharing
import Testing

@Suite("The router's decisions")
struct RouterTests {
    typealias F = SharingFixtures
    static let child = "ch_00112233445566778899aabbccddeeff"

    static let nurseryRecipient = F.recipient("sunny-days", organisation: "EY512345", relationships: [.onRoll])
    static let development = F.agreement("dsa-development", recipients: [nurseryRecipient], shares: [
        F.share(.enrolment, ["payload.setting_urn", "payload.start_date", "payload.end_date"]),
        F.share(.developmentalReview, ["subject.given_names", "payload.instrument", "payload.areas[].area", "payload.areas[].band"]),
    ])

    func route(_ router: Router, _ event: EarlyYearsEvent, _ state: inout ChildSharingState, today: String = F.today) throws -> Router.Outcome {
        try router.route(event, tree: try event.tree(), childID: Self.child, sourceKey: "sk_1", state: &state, today: today, at: F.at)
    }

    @Test("nothing flows without an agreement, and an agreement alone is not enough: the child must be on the setting's roll")
    func denyByDefault() throws {
        var state = ChildSharingState()
        let review = F.event(F.review(), from: F.health, record: "r1", specialCategory: true)
        #expect(try route(Router(agreements: []), review, &state).shared.isEmpty)
        let outcome = try route(Router(agreements: [Self.development]), review, &state)
        #expect(outcome.shared.isEmpty)
        #expect(outcome.denied == ["sunny-days": .noRelationship])
    }

    @Test("an enrolment puts the child on the roll; the setting then receives only the named fields of a review, audited")
    func minimisedAndAudited() throws {
        let router = Router(agreements: [Self.development])
        var state = ChildSharingState()
        let enrolment = try route(router, F.event(F.enrolment(), from: F.nursery, record: "e1"), &state)
        #expect(enrolment.shared.map(\.recipient.id) == ["sunny-days"])
        #expect(enrolment.shared.first?.kind == .disclosure)

        let outcome = try route(router, F.event(F.review(), from: F.health, record: "r1", specialCategory: true), &state)
        let shared = try #require(outcome.shared.first)
        #expect(outcome.shared.count == 1)
        let paths = try F.leafPaths(shared.value)
        #expect(paths == ["action", "event_id", "event_type", "schema_version", "subject.given_names[]", "payload.instrument",
                          "payload.areas[].area", "payload.areas[].band"])
        let text = String(decoding: shared.value, as: UTF8.self)
        #expect(!text.contains("9434765919") && !text.contains("Rockwood") && !text.contains("score"))
        #expect(shared.entry.fields == paths.sorted())
        #expect(shared.entry.payloadSHA256 == SHA256.hash(data: shared.value).map { String(format: "%02x", $0) }.joined())
        #expect(shared.entry.kind == .disclosure)
        #expect(shared.entry.childKey == Self.child)
        #expect(shared.entry.agreementID == "dsa-development" && shared.entry.agreementVersion == "1.0")
        #expect(shared.entry.article9 == "9_2_h" && shared.entry.purpose == "COC")
        #expect(shared.topic == "eyh.share.sunny-days.v1")
        #expect(!(try shared.entry.leafBytes()).isEmpty)
        #expect(String(decoding: try shared.entry.leafBytes(), as: UTF8.self).contains("Rockwood") == false)
    }

    @Test("a new version reaches the recipient as a correction; a delete as a retraction that names only the record")
    func correctionsAndRetractions() throws {
        let router = Router(agreements: [Self.development])
        var state = ChildSharingState()
        _ = try route(router, F.event(F.enrolment(), from: F.nursery, record: "e1"), &state)
        _ = try route(router, F.event(F.review(), from: F.health, record: "r1", specialCategory: true), &state)
        let updated = try route(router, F.event(F.review(communication: 40), from: F.health, record: "r1", version: "2", action: .update,
                                                specialCategory: true), &state)
        #expect(updated.shared.map(\.kind) == [.correction])
        let deleted = try route(router, F.event(F.review(), from: F.health, record: "r1", version: "3", action: .delete, specialCategory: true), &state)
        let retraction = try #require(deleted.shared.first)
        #expect(deleted.shared.count == 1)
        #expect(retraction.kind == .retraction && retraction.recipient.id == "sunny-days")
        #expect(try F.leafPaths(retraction.value) == ["action", "event_id", "event_type", "record_key", "schema_version"])
        #expect(String(decoding: retraction.value, as: UTF8.self).contains(#""action":"delete""#))
        #expect(state.disclosures[Router.recordKey(F.event(F.review(), from: F.health, record: "r1").source)] == nil)
        // Nobody had the record any more: a second delete sends nothing.
        #expect(try route(router, F.event(F.review(), from: F.health, record: "r1", version: "4", action: .delete, specialCategory: true), &state).shared.isEmpty)
    }

    @Test("a recipient whose permission has ended receives only the retraction of what it had")
    func permissionEnded() throws {
        let router = Router(agreements: [Self.development])
        var state = ChildSharingState()
        _ = try route(router, F.event(F.enrolment(), from: F.nursery, record: "e1"), &state)
        _ = try route(router, F.event(F.review(), from: F.health, record: "r1", specialCategory: true), &state)
        // The child left the setting at the end of May.
        let left = try route(router, F.event(F.enrolment(end: "2026-05-31"), from: F.nursery, record: "e1", version: "2", action: .update), &state)
        #expect(left.shared.map(\.kind) == [.retraction])
        let corrected = try route(router, F.event(F.review(communication: 40), from: F.health, record: "r1", version: "2", action: .update,
                                                  specialCategory: true), &state)
        #expect(corrected.shared.map(\.kind) == [.retraction])
        #expect(corrected.denied["sunny-days"] == .noRelationship)
        #expect(try F.leafPaths(corrected.shared[0].value).contains("payload.areas[].band") == false)
        // The agreement itself ending works the same way: past its end, only retractions.
        var second = ChildSharingState()
        _ = try route(router, F.event(F.enrolment(), from: F.nursery, record: "e9"), &second)
        let afterEnd = try route(router, F.event(F.enrolment(), from: F.nursery, record: "e9", version: "2", action: .update), &second, today: "2028-01-01")
        #expect(afterEnd.shared.map(\.kind) == [.retraction])
    }

    @Test("sealed records share nothing; an objection stops all but safeguarding, and that only with a person's override, whose reason is audited")
    func restrictions() throws {
        let council = F.recipient("social-care", organisation: "201", type: .localAuthority, relationships: [.resident], area: ["DH1"])
        let safeguarding = F.agreement("dsa-safeguarding", recipients: [council], shares: [F.share(.safeguardingFlag, ["payload"])],
                                       safeguarding: true, article9: .substantialPublicInterest)
        let everyday = F.agreement("dsa-everyday", recipients: [F.recipient("early-help", organisation: "201", type: .localAuthority,
                                                                            relationships: [.resident], area: ["DH1 2"])],
                                   shares: [F.share(.safeguardingFlag, ["payload.flag"])])
        let router = Router(agreements: [safeguarding, everyday])
        let flag = F.event(F.flag(), from: F.health, record: "f1", specialCategory: true)

        var open = ChildSharingState()
        #expect(try route(router, flag, &open).shared.map(\.recipient.id).sorted() == ["early-help", "social-care"])

        var objected = ChildSharingState()
        SharingDecision(kind: .object, childID: Self.child, decidedBy: "Parent", reason: "objects", decidedAt: F.at).apply(to: &objected.restrictions)
        let withoutOverride = try route(router, flag, &objected)
        #expect(withoutOverride.shared.isEmpty)
        #expect(withoutOverride.denied == ["early-help": .objection, "social-care": .objection])
        SharingDecision(kind: .safeguardingOverride, childID: Self.child, agreementID: "dsa-safeguarding", decidedBy: "Duty social worker",
                        reason: "Section 47 enquiry", decidedAt: F.at).apply(to: &objected.restrictions)
        let overridden = try route(router, F.event(F.flag(), from: F.health, record: "f2", specialCategory: true), &objected)
        #expect(overridden.shared.map(\.recipient.id) == ["social-care"])
        #expect(overridden.shared.first?.entry.overrideReason == "Section 47 enquiry")
        #expect(overridden.denied == ["early-help": .objection])

        var sealed = objected
        SharingDecision(kind: .seal, childID: Self.child, decidedBy: "Adoption team", reason: "adoption order", decidedAt: F.at).apply(to: &sealed.restrictions)
        let none = try route(router, F.event(F.flag(), from: F.health, record: "f3", specialCategory: true), &sealed)
        #expect(none.shared.isEmpty)
        #expect(Set(none.denied.values) == [.sealed])
    }

    @Test("special category data needs an Art 9 condition; a refusal of consent on the event stops non-safeguarding sharing")
    func lawfulBasisAndConsent() throws {
        let noArticle9 = F.agreement("dsa-plain", recipients: [Self.nurseryRecipient], shares: Self.development.shares, article9: nil)
        var state = ChildSharingState()
        _ = try route(Router(agreements: [noArticle9]), F.event(F.enrolment(), from: F.nursery, record: "e1"), &state)
        let special = try route(Router(agreements: [noArticle9]), F.event(F.review(), from: F.health, record: "r1", specialCategory: true), &state)
        #expect(special.denied == ["sunny-days": .noArticle9Condition])
        let refused = try route(Router(agreements: [Self.development]),
                                F.event(F.review(), from: F.health, record: "r2", specialCategory: true, consent: .refused), &state)
        #expect(refused.shared.isEmpty && refused.denied == ["sunny-days": .consentRefused])
    }

    @Test("past retain_until a record is not routed, and whoever had it is told to delete it")
    func retention() throws {
        let router = Router(agreements: [Self.development])
        var state = ChildSharingState()
        _ = try route(router, F.event(F.enrolment(), from: F.nursery, record: "e1"), &state)
        #expect(try route(router, F.event(F.review(), from: F.health, record: "r1", specialCategory: true, retainUntil: "2049-03-01"), &state).shared.count == 1)
        let expired = try route(router, F.event(F.review(), from: F.health, record: "r1", version: "2", action: .update, specialCategory: true,
                                                retainUntil: "2026-05-31"), &state)
        #expect(expired.expired)
        #expect(expired.shared.map(\.kind) == [.retentionDeletion])
    }

    @Test("the retention sweep sends a retention deletion to each holder of a record past its date, once, and forgets the record")
    func sweep() throws {
        let router = Router(agreements: [Self.development])
        var state = ChildSharingState()
        _ = try route(router, F.event(F.enrolment(), from: F.nursery, record: "e1"), &state)
        _ = try route(router, F.event(F.review(), from: F.health, record: "r1", specialCategory: true, retainUntil: "2030-06-30"), &state)
        #expect(try router.sweep(&state, childID: Self.child, today: "2030-06-30", at: F.at).isEmpty, "still within retention on its last day")
        let swept = try router.sweep(&state, childID: Self.child, today: "2030-07-01", at: F.at)
        #expect(swept.map(\.kind) == [.retentionDeletion])
        #expect(swept.first?.recipient.id == "sunny-days" && swept.first?.entry.eventType == "developmental_review")
        #expect(try F.leafPaths(swept[0].value) == ["action", "event_id", "event_type", "record_key", "schema_version"])
        #expect(state.records.count == 1 && state.disclosures.count == 1, "only the enrolment, which has no retention date, is left")
        #expect(try router.sweep(&state, childID: Self.child, today: "2031-01-01", at: F.at).isEmpty)
    }

    @Test("area relationships match postcode districts and sectors; referrals end when closed; open cases when the episode closes")
    func relationships() throws {
        let hv = F.recipient("hv", organisation: "RCD", type: .healthVisiting, relationships: [.area], area: ["DH1 3"])
        let slt = F.recipient("slt", organisation: "RXP", type: .other, relationships: [.referred], referralService: .speechLanguageTherapy)
        let help = F.recipient("early-help", organisation: "201", type: .localAuthority, relationships: [.openCase])
        let agreement = F.agreement("dsa", recipients: [hv, slt, help], shares: [
            F.share(.concern, ["payload.domain"]), F.share(.referral, ["payload.to_service"], recipients: ["slt"]),
            F.share(.earlyHelpEpisode, ["payload.assessment_start"], recipients: ["early-help"]),
        ])
        let router = Router(agreements: [agreement])
        var state = ChildSharingState()
        #expect(try route(router, F.event(F.concern(), from: F.nursery, record: "c1", subject: F.subject(postcode: "DH1 2TF")), &state).shared.isEmpty)
        #expect(try route(router, F.event(F.concern(), from: F.nursery, record: "c2", subject: F.subject(postcode: "dh13ab"),
                                          occurredAt: "2026-05-03T00:00:00Z"), &state).shared.map(\.recipient.id) == ["hv"])
        #expect(try route(router, F.event(F.referral(), from: F.health, record: "ref1"), &state).shared.map(\.recipient.id) == ["slt"])
        #expect(try route(router, F.event(F.concern(), from: F.health, record: "c3"), &state).shared.map(\.recipient.id) == ["hv", "slt"])
        _ = try route(router, F.event(F.referral(outcome: .completed), from: F.health, record: "ref1", version: "2", action: .update), &state)
        #expect(try route(router, F.event(F.concern(), from: F.health, record: "c4"), &state).shared.map(\.recipient.id) == ["hv"])
        #expect(try route(router, F.event(F.episode(), from: F.council, record: "eh1"), &state).shared.map(\.recipient.id) == ["early-help"])
        #expect(try route(router, F.event(F.concern(), from: F.health, record: "c5"), &state).shared.map(\.recipient.id) == ["early-help", "hv"])
        _ = try route(router, F.event(F.episode(closed: "2026-05-20"), from: F.council, record: "eh1", version: "2", action: .update), &state)
        #expect(try route(router, F.event(F.concern(), from: F.health, record: "c6"), &state).shared.map(\.recipient.id) == ["hv"])
    }

    @Test("an identity merge combines relationships, restrictions and who received what; a split moves a source key's records")
    func mergeAndSplit() throws {
        let router = Router(agreements: [Self.development])
        var nurseryChild = ChildSharingState()
        _ = try route(router, F.event(F.enrolment(), from: F.nursery, record: "e1"), &nurseryChild)
        var healthChild = ChildSharingState()
        #expect(try route(router, F.event(F.review(), from: F.health, record: "r1", specialCategory: true), &healthChild).shared.isEmpty)
        healthChild.absorb(nurseryChild)
        #expect(try route(router, F.event(F.review(), from: F.health, record: "r2", specialCategory: true), &healthChild).shared.count == 1)

        var split = healthChild
        let moved = split.remove(sourceKey: "sk_1")
        #expect(split.records.isEmpty && split.enrolments.isEmpty && split.disclosures.isEmpty)
        #expect(moved.enrolments.count == 1 && moved.disclosures.count == 2)
    }
}
