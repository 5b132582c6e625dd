import ArgumentParser
import EarlyYearsSchema
import Foundation
import HubRuntime
import Kafka
import Logging

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the hub's demonstration on a running broker: topics, a round-trip, then every adapter fed its fixtures.",
        discussion: """
        After creating the topics and checking a produce/consume round-trip, it runs every adapter in --adapters as a \
        daemon, feeds each its fixtures through its own transport (file drop, signed webhook POSTs or its raw topic), \
        and prints per adapter the inputs, events, skips and dead letters read back from Kafka. It exits 1 if any \
        adapter's counts differ from what its fixtures expect.
        """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var logging: LoggingOptions
    @Option(help: "Records to send in the round-trip.") var records = 3
    @Option(help: "The folder of adapters to run (each subfolder holding adapter.yaml).") var adapters = "adapters"
    @Option(help: "Where the demo's drop folders go.") var workDirectory = ".eyhub/demo"
    @Flag(help: "Only the topics and the round-trip.") var skipAdapters = false
    @OptionGroup var schema: MappingCommand.SchemaOption

    func run() async throws {
        let logger = logging.bootstrap()
        let client = try connection.clientConfiguration(clientID: "eyhub-demo")
        let admin = try KafkaAdmin(configuration: client, logger: logger)
        defer { admin.close() }
        let report = try await admin.ensureTopics(
            HubTopics.core() + [TopicSpecification(name: HubTopics.selfTest, partitions: 3, config: ["retention.ms": "3600000"])])
        print("1. topics: \(report.created.count) created, \(report.alreadyPresent.count) already present on \(connection.bootstrapServers)")

        let run = UUID().uuidString.prefix(8).lowercased()
        let sent = try await produce(run: String(run), client: client, logger: logger)
        let received = try await consume(run: String(run), expecting: sent.count, client: client, logger: logger)

        var failures = 0
        print("3. consumed \(received.count) record(s) back through a new consumer group:")
        for (message, report) in sent {
            guard let got = received.first(where: { $0.keyString == message.key.map { String(decoding: $0, as: UTF8.self) } }) else {
                print("   MISSING \(message.key.map { String(decoding: $0, as: UTF8.self) } ?? "-")")
                failures += 1
                continue
            }
            let same = got.value == message.value && got.partition == report.partition && got.offset == report.offset
                && got.headers == message.headers
            if !same { failures += 1 }
            print("   \(same ? "ok" : "MISMATCH") \(got.keyString ?? "-") from \(got.origin), \(got.headers.count) headers, \(got.value?.count ?? 0) bytes")
        }
        guard failures == 0 else {
            print("round-trip FAILED: \(failures) of \(sent.count) records did not come back intact")
            throw ExitCode.failure
        }
        print("round-trip ok: \(sent.count) records produced (idempotent, acks=all) and consumed intact, keys and headers included")
        guard !skipAdapters else { return }

        let demo = AdapterDemo(
            adapters: URL(fileURLWithPath: adapters, isDirectory: true), work: URL(fileURLWithPath: workDirectory, isDirectory: true),
            catalog: try schema.catalog(), client: client, logger: logger)
        guard try await demo.run() else {
            print("adapters FAILED: what reached Kafka differs from what the fixtures expect")
            throw ExitCode.failure
        }
        print("adapters ok: every input accounted for as events, skips or dead letters, as the fixtures expect")
    }

    private func produce(run: String, client: ClientConfiguration, logger: Logger) async throws -> [(ProducerMessage, DeliveryReport)] {
        let producer = try KafkaProducer(configuration: ProducerConfiguration(client: client), logger: logger)
        var sent: [(ProducerMessage, DeliveryReport)] = []
        print("2. produced to \(HubTopics.selfTest):")
        for index in 1...records {
            let message = ProducerMessage(
                topic: HubTopics.selfTest, key: "demo-\(run)-\(index)",
                value: #"{"check":"round-trip","run":"\#(run)","sequence":\#(index)}"#,
                headers: [KafkaHeader(name: "eyh.demo.run", string: run), KafkaHeader(name: "eyh.demo.sequence", string: String(index))])
            let report = try await producer.send(message)
            print("   demo-\(run)-\(index) -> \(report.topic)[\(report.partition)]@\(report.offset)")
            sent.append((message, report))
        }
        await producer.close()
        return sent
    }

    private func consume(run: String, expecting count: Int, client: ClientConfiguration, logger: Logger) async throws -> [KafkaMessage] {
        let consumer = try KafkaConsumer(
            configuration: ConsumerConfiguration(client: client, groupID: "eyhub-demo-\(run)", autoOffsetReset: .earliest),
            logger: logger)
        try consumer.subscribe(topics: [HubTopics.selfTest])
        var received: [KafkaMessage] = []
        let deadline = ContinuousClock.now + .seconds(30)
        while received.count < count, ContinuousClock.now < deadline {
            for case .message(let message) in await consumer.nextBatch(max: 100, waitAtMost: .seconds(1)) ?? []
            where message.headers.string(named: "eyh.demo.run") == run {
                received.append(message)
            }
        }
        if let last = received.last { try await consumer.commit([last.nextPosition]) }
        await consumer.close()
        return received
    }
}
