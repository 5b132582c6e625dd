import Correlation
import EarlyYearsSchema
import Foundation
import HubRuntime
import Identity
import Kafka
import Logging
import Testing

@Suite("Correlator stage: records in, alert events and state out")
struct CorrelatorStageTransformTests {
    static let child = "ch_" + String(repeating: "c", count: 32)

    func stage(restoring state: [KafkaMessage] = []) async throws -> CorrelatorStage {
        let stage = CorrelatorStage(correlator: Fixture.correlator, logger: Logger(label: "test"),
                                    clock: { Date(timeIntervalSince1970: 1_780_000_000) }) { () throws(KafkaError) in state }
        try await stage.partitionsAssigned([])
        return stage
    }

    func message(_ payload: Payload, from source: Source, record: String, offset: Int64) throws -> KafkaMessage {
        let (event, _) = Fixture.event(payload, from: source, record: record)
        return KafkaMessage(topic: HubTopics.childEvents, partition: 0, offset: offset, key: Array(Self.child.utf8), value: try event.canonicalJSON(),
                            headers: [KafkaHeader(name: IdentityHeader.childID, string: Self.child),
                                      KafkaHeader(name: IdentityHeader.sourceKey, string: "\(source.orgCode)/\(record)")])
    }

    @Test("the second service's flag produces one canonical alert event, keyed by child, and the state; a restored stage does not repeat it")
    func alertEvent() async throws {
        let stage = try await stage()
        let first = try stage.transform(try message(Fixture.asq3(.belowCutoff, on: "2026-05-02"), from: Fixture.healthVisiting, record: "asq-1", offset: 0))
        #expect(first.map(\.topic) == [HubTopics.state(stage: "correlator")], "one service: only its state")
        let second = try stage.transform(try message(Fixture.progressCheck(communicationOnTrack: false, on: "2026-05-20"), from: Fixture.nursery,
                                                     record: "pc-1", offset: 1))
        #expect(second.map(\.topic) == [HubTopics.alerts, HubTopics.state(stage: "correlator")])
        let alertMessage = try #require(second.first)
        #expect(alertMessage.key == Array(Self.child.utf8))
        let (event, _) = try CanonicalEventReader.read(try #require(alertMessage.value))
        #expect(event.eventType == .multiServiceAlert)
        #expect(event.source.orgType == .integrationHub)
        #expect(event.action == .new)
        #expect(event.subject.familyName == "Khan", "the details are there for the router to minimise per agreement")
        #expect(event.validate().isEmpty)
        guard case .multiServiceAlert(let alert) = event.payload else { Issue.record("not an alert payload"); return }
        #expect(alert.state == .raised)
        #expect(alertMessage.headers.string(named: AlertHeader.alertID) == alert.alertID)

        // A new instance restored from the state records sees the re-delivered input and writes nothing new.
        let state = second.filter { $0.topic == HubTopics.state(stage: "correlator") }.map {
            KafkaMessage(topic: $0.topic, partition: 0, offset: 0, key: $0.key, value: $0.value)
        }
        let restored = try await self.stage(restoring: state)
        let again = try restored.transform(try message(Fixture.progressCheck(communicationOnTrack: false, on: "2026-05-20"), from: Fixture.nursery,
                                                       record: "pc-1", offset: 1))
        #expect(again.isEmpty)
        #expect(restored.state(of: Self.child)?.openAlert?.alertID == alert.alertID)
    }

    @Test("an action for an alert that is not open is dead-lettered with a reason, not applied")
    func refusedAction() async throws {
        let stage = try await stage()
        let action = AlertAction(kind: .acknowledge, alertID: "al_" + String(repeating: "0", count: 32), childID: Self.child, by: "Jo", note: "seen",
                                 at: "2026-06-01T10:00:00Z")
        let message = KafkaMessage(topic: HubTopics.alertActions, partition: 0, offset: 0, key: Array(Self.child.utf8),
                                   value: Array(try JSONEncoder().encode(action)))
        #expect(throws: StageRejection.self) { try stage.transform(message) }
        do { _ = try stage.transform(message) } catch let error as StageRejection { #expect(error.rule == "correlator.action-refused") }
    }
}
