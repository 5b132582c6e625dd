import Foundation
import HubRuntime
import Kafka
import Testing

@Suite("Dead letters")
struct DeadLetterTests {
    struct InvalidNHSNumber: StageFailure {
        var reason: String { "NHS number fails the Modulus 11 check" }
        var rule: String { "nhs-number.modulus-11" }
        var fieldPath: String? { "subject.nhs_number" }
    }

    struct LeakyError: Error, CustomStringConvertible {
        var description: String { "could not parse 'Jane Smith, 9434765919'" }
    }

    let input = KafkaMessage(
        topic: "eyh.events.v1", partition: 4, offset: 1207, key: Array("k".utf8), value: Array("{...}".utf8),
        headers: [KafkaHeader(name: "eyh.source", string: "leeds-hv")])

    @Test("a stage failure's reason, rule and field path go in the headers, with the record's origin")
    func stageFailureHeaders() {
        let letter = ProducerMessage.deadLetter(
            for: input, failure: InvalidNHSNumber(), stage: "resolver", topic: "eyh.dlq.resolver.v1",
            at: Date(timeIntervalSince1970: 1_780_000_000))
        #expect(letter.topic == "eyh.dlq.resolver.v1")
        #expect(letter.key == input.key)
        #expect(letter.value == input.value)
        let headers = letter.headers
        #expect(headers.string(named: DeadLetterHeader.reason) == "NHS number fails the Modulus 11 check")
        #expect(headers.string(named: DeadLetterHeader.rule) == "nhs-number.modulus-11")
        #expect(headers.string(named: DeadLetterHeader.fieldPath) == "subject.nhs_number")
        #expect(headers.string(named: DeadLetterHeader.stage) == "resolver")
        #expect(headers.string(named: DeadLetterHeader.originTopic) == "eyh.events.v1")
        #expect(headers.string(named: DeadLetterHeader.originPartition) == "4")
        #expect(headers.string(named: DeadLetterHeader.originOffset) == "1207")
        #expect(headers.string(named: DeadLetterHeader.failedAt) == "2026-05-28T20:26:40Z")
        #expect(headers.string(named: "eyh.source") == "leeds-hv", "the original headers are kept")
    }

    @Test("any other error is named by its type only, because its text may quote personal data")
    func otherErrorsRedacted() {
        let letter = ProducerMessage.deadLetter(for: input, failure: LeakyError(), stage: "router", topic: "dlq")
        let text = letter.headers.compactMap(\.stringValue).joined(separator: " ")
        #expect(!text.contains("Jane"))
        #expect(!text.contains("9434765919"))
        #expect(letter.headers.string(named: DeadLetterHeader.reason) == "unexpected LeakyError")
        #expect(letter.headers.string(named: DeadLetterHeader.rule) == "stage.unexpected-error")
    }
}

@Suite("Stage configuration")
struct StageConfigurationTests {
    @Test("a stage instance has stable, distinct group, transactional and member ids")
    func identifiers() {
        let client = ClientConfiguration(bootstrapServers: ["b:1"])
        let first = StageConfiguration(name: "resolver", inputTopics: [HubTopics.events], deadLetterTopic: HubTopics.deadLetter("resolver"), client: client, instance: "0")
        let second = StageConfiguration(name: "resolver", inputTopics: [HubTopics.events], deadLetterTopic: HubTopics.deadLetter("resolver"), client: client, instance: "1")
        #expect(first.groupID == second.groupID, "instances of one stage share a group")
        #expect(first.transactionalID != second.transactionalID)
        #expect(first.groupInstanceID != second.groupInstanceID)
        #expect(first.transactionalID == "eyhub-resolver-0")
    }
}
