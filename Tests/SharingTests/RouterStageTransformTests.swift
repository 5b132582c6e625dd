import Audit
import EarlyYearsSchema
import Foundation
import HubRuntime
import Identity
import Kafka
import Logging
@testable import Sharing
import Testing

/// The router stage's transformation without a broker (the broker run is in IntegrationTests):
/// what one input record becomes, including a retention sweep and unreadable input.
@Suite("The router stage's transformation")
struct RouterStageTransformTests {
    typealias F = SharingFixtures
    static let child = "ch_0123456789abcdef0123456789abcdef"

    func stage() async throws -> RouterStage {
        let stage = RouterStage(router: Router(agreements: [RouterTests.development]), logger: Logger(label: "test"),
                                clock: { Date(timeIntervalSince1970: 1_780_000_000) }) { () throws(KafkaError) in [] }
        try await stage.partitionsAssigned([])
        return stage
    }

    func message(_ event: EarlyYearsEvent, offset: Int64) throws -> KafkaMessage {
        KafkaMessage(topic: HubTopics.childEvents, partition: 0, offset: offset, key: Array(Self.child.utf8), value: try event.canonicalJSON(),
                     headers: [KafkaHeader(name: IdentityHeader.childID, string: Self.child), KafkaHeader(name: IdentityHeader.sourceKey, string: "sk")])
    }

    @Test("an event becomes the shared record, its audit entry and the child's state; a sweep deletes what expired")
    func eventAndSweep() async throws {
        let stage = try await stage()
        let enrolment = try stage.transform(try message(F.event(F.enrolment(start: "2020-01-01"), from: F.nursery, record: "e1"), offset: 0))
        #expect(enrolment.map(\.topic) == ["eyh.share.sunny-days.v1", HubTopics.audit, HubTopics.state(stage: "router")])
        let review = try stage.transform(try message(F.event(F.review(), from: F.health, record: "r1", specialCategory: true, retainUntil: "2027-01-01"), offset: 1))
        #expect(review.count == 3)
        let entry = try AuditEntry(leafBytes: review[1].value ?? [])
        #expect(review[0].headers.string(named: ShareHeader.decisionID) == entry.decisionID)
        #expect(review[0].headers.string(named: ShareHeader.recordKey) == entry.recordKey)

        let request = RouterStage.SweepRequest(asOf: "2027-01-02", requestedBy: "test")
        let sweep = KafkaMessage(topic: HubTopics.sharingDecisions, partition: 0, offset: 0, key: Array("retention-sweep".utf8),
                                 value: Array(try JSONEncoder().encode(request)), headers: [KafkaHeader(name: IdentityHeader.control, string: "retention-sweep")])
        let swept = try stage.transform(sweep)
        #expect(swept.map(\.topic) == ["eyh.share.sunny-days.v1", HubTopics.audit, HubTopics.state(stage: "router")])
        #expect(swept[0].headers.string(named: ShareHeader.kind) == "retention_deletion")
        #expect(try AuditEntry(leafBytes: swept[1].value ?? []).kind == .retentionDeletion)
        #expect(try stage.transform(sweep).isEmpty, "a second sweep has nothing left to delete")
        #expect(stage.currentCounts.shared[.retentionDeletion] == 1)
    }

    @Test("unreadable input is refused with a rule and path, never its contents")
    func refusals() async throws {
        let stage = try await stage()
        var event = try message(F.event(F.enrolment(), from: F.nursery, record: "e1"), offset: 0)
        event.headers = []
        event.key = Array("9434765919".utf8)
        #expect { try stage.transform(event) } throws: { ($0 as? RouterFailure)?.rule == "router.child-id" }
        let decision = KafkaMessage(topic: HubTopics.sharingDecisions, partition: 0, offset: 0, key: nil, value: Array(#"{"decision":"seal"}"#.utf8))
        #expect { try stage.transform(decision) } throws: { ($0 as? RouterFailure)?.rule == "router.decision-json" }
        let override = SharingDecision(kind: .safeguardingOverride, childID: Self.child, agreementID: "dsa-development", decidedBy: "x", reason: "y", decidedAt: F.at)
        let notSafeguarding = KafkaMessage(topic: HubTopics.sharingDecisions, partition: 0, offset: 1, key: nil, value: Array(try JSONEncoder().encode(override)))
        #expect { try stage.transform(notSafeguarding) } throws: { ($0 as? RouterFailure)?.rule == "router.override-not-safeguarding" }
        let badSweep = KafkaMessage(topic: HubTopics.sharingDecisions, partition: 0, offset: 2, key: nil, value: Array(#"{"as_of":"soon"}"#.utf8),
                                    headers: [KafkaHeader(name: IdentityHeader.control, string: "retention-sweep")])
        #expect { try stage.transform(badSweep) } throws: { ($0 as? RouterFailure)?.rule == "router.sweep-json" }
    }
}

@Suite("The router's state records")
struct RouterStateRecordTests {
    typealias F = SharingFixtures

    @Test("a child's state record is exactly what JSONEncoder writes, and reads back equal")
    func sameAsJSONEncoder() throws {
        let router = Router(agreements: [RouterTests.development])
        var state = ChildSharingState()
        let events = [
            F.event(F.enrolment(end: "2026-12-31"), from: F.nursery, record: "e1"),
            F.event(F.review(), from: F.health, record: "r1", specialCategory: true, retainUntil: "2049-01-01"),
            F.event(F.referral(), from: F.health, record: "ref1"),
            F.event(F.episode(), from: F.council, record: "eh1"),
        ]
        var states = [ChildSharingState()]
        for event in events {
            _ = try router.route(event, tree: try event.tree(), childID: RouterTests.child, sourceKey: "sk \"/é", state: &state, today: F.today, at: F.at)
            states.append(state)
        }
        var restricted = state
        for kind in [SharingDecision.Kind.object, .seal, .safeguardingOverride] {
            SharingDecision(kind: kind, childID: RouterTests.child, agreementID: "dsa-x", decidedBy: "A / B", reason: "why \"now\"", decidedAt: F.at)
                .apply(to: &restricted.restrictions)
        }
        states.append(restricted)
        #expect(states.last?.disclosures.isEmpty == false && states.last?.restrictions.sealed != nil)
        let encoder = EarlyYearsEvent.encoder()
        for state in states {
            let bytes = try RouterStage.stateJSON(state)
            #expect(bytes == Array(try encoder.encode(RouterStage.StateRecord(state: state))))
            #expect(try JSONDecoder().decode(RouterStage.StateRecord.self, from: Data(bytes)).state == state)
        }
    }
}
