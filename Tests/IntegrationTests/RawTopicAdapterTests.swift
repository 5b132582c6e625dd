import Adapters
import Foundation
import HubRuntime
import Kafka
import ServiceLifecycle
import Testing

@Suite("The raw-topic adapter on the stage runner, against the embedded broker")
struct RawTopicAdapterTests {
    @Test("each raw record is one document: events to eyh.events.v1, failures to the adapter's dead-letter topic with their offsets")
    func mapsRawRecords() async throws {
        let fixture = try AdapterFixture("raw", transport: "raw_topic")
        defer { fixture.remove() }
        let rawTopic = HubTopics.raw(adapter: fixture.name)
        try await createTopic(rawTopic, partitions: 1)
        let export = nurseryExport(prefix: "T", rows: 3, extra: [waitingRow, unknownFundingRow])
        let producer = try await makeProducer()
        let good = try await producer.send(ProducerMessage(topic: rawTopic, key: "source", value: export))
        let bad = try await producer.send(ProducerMessage(topic: rawTopic, key: "source", value: unparseableCSV))
        await producer.close()

        let group = ServiceGroup(services: [try await fixture.daemon()], logger: testLogger)
        let task = Task { try await group.run() }
        let expected = try fixture.expected(export)
        var messages: [KafkaMessage] = []
        let arrived = try await eventually(timeout: .seconds(60)) {
            messages = try await readAll([HubTopics.events, HubTopics.deadLetter(fixture.name)], quietPeriod: .seconds(2))
            return messages.filter { $0.topic == HubTopics.deadLetter(fixture.name) }.count >= 2
        }
        await group.triggerGracefulShutdown()
        try await task.value
        #expect(arrived, "the stage should map both raw records")

        let events = messages.filter { $0.topic == HubTopics.events && $0.header(AdapterHeader.adapter) == fixture.name }
        #expect(events.count == 3)
        #expect(Set(events.compactMap { $0.header(AdapterHeader.eventID) }) == Set(expected.summary.eventIDs))
        #expect(Set(events.compactMap(\.key)) == Set(expected.messages.filter { $0.topic == HubTopics.events }.compactMap(\.key)))

        let letters = messages.filter { $0.topic == HubTopics.deadLetter(fixture.name) }
        #expect(letters.count == 2)
        let rowLetter = try #require(letters.first { $0.header(DeadLetterHeader.originOffset) == String(good.offset) })
        #expect(rowLetter.header(AdapterHeader.origin) == "\(rawTopic)[0]@\(good.offset) line 6")
        #expect(rowLetter.header(DeadLetterHeader.fieldPath) == "payload.funded_hours.type")
        #expect(rowLetter.valueString == "\(nurseryHeader)\n\(unknownFundingRow)\n", "the header row and the failed row, no other child")
        let documentLetter = try #require(letters.first { $0.header(DeadLetterHeader.originOffset) == String(bad.offset) })
        #expect(documentLetter.valueString == unparseableCSV)
        #expect(documentLetter.header(DeadLetterHeader.rule)?.hasPrefix("csv.") == true)
        for letter in letters {
            #expect(letter.header(DeadLetterHeader.originTopic) == rawTopic && letter.header(DeadLetterHeader.originPartition) == "0")
            #expect(letter.header(AdapterHeader.adapter) == fixture.name && letter.header(AdapterHeader.mappingVersion) == fixture.mappingVersion)
        }
    }

    @Test("--once is refused for transports other than file drop")
    func onceOnlyForFileDrop() async throws {
        let fixture = try AdapterFixture("rawonce", transport: "raw_topic")
        defer { fixture.remove() }
        await #expect(throws: AdapterSettingsError.self) { _ = try await fixture.daemon(once: true) }
    }
}
