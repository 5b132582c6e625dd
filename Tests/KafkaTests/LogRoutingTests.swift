import Logging
import Synchronization
import Testing

@testable import Kafka

/// Collects log records in memory.
final class CapturedLogs: Sendable {
    struct Record: Sendable {
        var level: Logger.Level
        var message: String
        var source: String
        var metadata: Logger.Metadata
    }

    let records = Mutex<[Record]>([])

    var all: [Record] { records.withLock { $0 } }

    func handler(label: String) -> some LogHandler { Handler(captured: self) }

    struct Handler: LogHandler {
        let captured: CapturedLogs
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            captured.records.withLock {
                $0.append(Record(level: event.level, message: "\(event.message)", source: event.source,
                                 metadata: metadata.merging(event.metadata ?? [:]) { $1 }))
            }
        }
    }
}

@Suite("librdkafka's logs")
struct LogRoutingTests {
    @Test("librdkafka's log lines reach swift-log with their facility and a mapped level")
    func logsReachSwiftLog() async throws {
        let captured = CapturedLogs()
        let logger = Logger(label: "test") { label in captured.handler(label: label) }
        // Nothing listens on port 1, so librdkafka logs its failed connection attempts.
        let producer = try KafkaProducer(
            configuration: ProducerConfiguration(client: ClientConfiguration(bootstrapServers: ["127.0.0.1:1"])), logger: logger)
        let logged = await eventuallyTrue(timeout: .seconds(10)) { captured.all.contains { $0.source == "librdkafka" } }
        await producer.close(timeout: .milliseconds(100))
        #expect(logged)
        let record = try #require(captured.all.first { $0.source == "librdkafka" })
        #expect(record.metadata["kafka.facility"] != nil)
        #expect(record.level >= .warning, "a refused connection is at least a warning")
    }
}

func eventuallyTrue(timeout: Duration, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return condition()
}
