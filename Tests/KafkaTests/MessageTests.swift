import Testing

@testable import Kafka

@Suite("Messages and headers")
struct MessageTests {
    @Test("a header keeps null distinct from empty and decodes UTF-8 only when valid")
    func headerValues() {
        #expect(KafkaHeader(name: "a", value: nil).stringValue == nil)
        #expect(KafkaHeader(name: "a", value: []).stringValue == "")
        #expect(KafkaHeader(name: "a", string: "Leeds").stringValue == "Leeds")
        #expect(KafkaHeader(name: "a", value: [0xFF, 0xFE]).stringValue == nil)
        #expect(KafkaHeader(name: "a", value: nil) != KafkaHeader(name: "a", value: []))
    }

    @Test("with repeated header names, the last one is the current value")
    func lastHeaderWins() {
        let headers = [KafkaHeader(name: "x", string: "1"), KafkaHeader(name: "y", string: "2"), KafkaHeader(name: "x", string: "3")]
        #expect(headers.string(named: "x") == "3")
        #expect(headers.string(named: "y") == "2")
        #expect(headers.string(named: "z") == nil)
    }

    @Test("a consumed message commits the position after it and names its origin without its contents")
    func positions() {
        let message = KafkaMessage(topic: "eyh.events.v1", partition: 2, offset: 41, key: Array("k".utf8), value: Array("secret".utf8))
        #expect(message.nextPosition == TopicPartitionOffset(topic: "eyh.events.v1", partition: 2, offset: 42))
        #expect(message.origin == "eyh.events.v1[2]@41")
        #expect(!message.origin.contains("secret"))
        #expect(message.keyString == "k")
        #expect(message.topicPartition.description == "eyh.events.v1[2]")
    }

    @Test("a producer message built from strings carries their UTF-8 bytes")
    func producerStrings() {
        let message = ProducerMessage(topic: "t", key: "é", value: "v")
        #expect(message.key == [0xC3, 0xA9])
        #expect(message.value == [0x76])
        #expect(message.partition == nil)
        #expect(ProducerMessage(topic: "t", key: nil, value: "v").key == nil)
    }

    @Test("durations become whole milliseconds, clamped to librdkafka's int")
    func durations() {
        #expect(Duration.milliseconds(1500).milliseconds == 1500)
        #expect(Duration.seconds(3).milliseconds == 3000)
        #expect(Duration.seconds(Int64.max / 2).milliseconds == Int32.max)
    }
}
