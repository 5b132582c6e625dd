import Foundation
import HubRuntime
import Kafka
import Logging
import Synchronization

/// Produces and consumes the same number of same-sized records through our Kafka module and
/// through kcat (librdkafka's own command-line client), against one broker, one partition each.
struct KafkaBenchmark {
    let bootstrapServers: String
    let messages: Int
    let size: Int
    let logger: Logger

    struct Measurement {
        var seconds: Double
        var count: Int
        var rate: Double { Double(count) / seconds }
    }

    struct Report {
        var messages: Int
        var size: Int
        var oursProduce: Measurement
        var kcatProduce: Measurement
        var oursConsume: Measurement
        var kcatConsume: Measurement

        var table: String {
            func row(_ name: String, _ ours: Measurement, _ kcat: Measurement) -> String {
                let cells = [
                    name.padding(toLength: 9, withPad: " ", startingAt: 0),
                    String(format: "%12.0f", ours.rate), String(format: "%8.2f", ours.seconds),
                    String(format: "%12.0f", kcat.rate), String(format: "%8.2f", kcat.seconds),
                    String(format: "%6.2f", ours.rate / kcat.rate),
                ]
                return cells.joined(separator: "  ")
            }
            return """
                \(messages) records of \(size) bytes, one partition, same broker
                direction         eyhub msg/s  eyhub s    kcat msg/s   kcat s  ours/kcat
                \(row("produce", oursProduce, kcatProduce))
                \(row("consume", oursConsume, kcatConsume))
                """
        }
    }

    func run() async throws -> Report {
        let run = UUID().uuidString.prefix(8).lowercased()
        let oursTopic = "eyh.bench.\(run).ours"
        let kcatTopic = "eyh.bench.\(run).kcat"
        let client = ClientConfiguration.embedded(bootstrapServers: [bootstrapServers], clientID: "eyhub-bench")
        let admin = try KafkaAdmin(configuration: client, logger: logger)
        _ = try await admin.ensureTopics([TopicSpecification(name: oursTopic, partitions: 1), TopicSpecification(name: kcatTopic, partitions: 1)])
        admin.close()

        let payload = Array(repeating: UInt8(ascii: "x"), count: size)
        let kcatProduce = try kcatProduce(topic: kcatTopic, payload: payload)
        print(String(format: "kcat  produce: %.2f s", kcatProduce.seconds))
        let oursProduce = try await produce(topic: oursTopic, payload: payload, client: client)
        print(String(format: "eyhub produce: %.2f s", oursProduce.seconds))
        let kcatConsume = try kcatConsume(topic: kcatTopic)
        print(String(format: "kcat  consume: %.2f s", kcatConsume.seconds))
        let oursConsume = try await consume(topic: oursTopic, client: client)
        print(String(format: "eyhub consume: %.2f s", oursConsume.seconds))
        return Report(
            messages: messages, size: size, oursProduce: oursProduce, kcatProduce: kcatProduce,
            oursConsume: oursConsume, kcatConsume: kcatConsume)
    }

    private func produce(topic: String, payload: [UInt8], client: ClientConfiguration) async throws -> Measurement {
        let producer = try KafkaProducer(configuration: ProducerConfiguration(client: client), logger: logger)
        let failures = Atomic<Int>(0)
        let start = ContinuousClock.now
        for _ in 0..<messages {
            try await producer.enqueue(ProducerMessage(topic: topic, partition: 0, value: payload)) { result in
                if case .failure = result { failures.add(1, ordering: .relaxed) }
            }
        }
        try await producer.flush(timeout: .seconds(300))
        let elapsed = start.duration(to: .now)
        await producer.close()
        let failed = failures.load(ordering: .relaxed)
        guard failed == 0 else { throw BenchmarkError(description: "\(failed) records failed delivery") }
        return Measurement(seconds: elapsed.seconds, count: messages)
    }

    private func consume(topic: String, client: ClientConfiguration) async throws -> Measurement {
        let consumer = try KafkaConsumer(
            configuration: ConsumerConfiguration(client: client, groupID: "eyhub-bench", isolationLevel: .readUncommitted),
            logger: logger)
        let start = ContinuousClock.now
        try consumer.assign([TopicPartitionOffset(topic: topic, partition: 0, offset: -2)])  // -2: the beginning
        var count = 0
        var bytes = 0
        while count < messages, let batch = await consumer.nextBatch(max: 10_000, waitAtMost: .seconds(30)) {
            guard !batch.isEmpty else { throw BenchmarkError(description: "consumer stalled after \(count) records") }
            for case .message(let message) in batch {
                count += 1
                bytes += message.value?.count ?? 0
            }
        }
        let elapsed = start.duration(to: .now)
        await consumer.close()
        guard count == messages, bytes == messages * size else {
            throw BenchmarkError(description: "consumed \(count) records / \(bytes) bytes, expected \(messages) / \(messages * size)")
        }
        return Measurement(seconds: elapsed.seconds, count: count)
    }

    private func kcatProduce(topic: String, payload: [UInt8]) throws -> Measurement {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("eyhub-bench-\(topic).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        var line = payload
        line.append(UInt8(ascii: "\n"))
        var contents = [UInt8]()
        contents.reserveCapacity(line.count * messages)
        for _ in 0..<messages { contents.append(contentsOf: line) }
        try Data(contents).write(to: file)
        let seconds = try timeProcess("kcat", ["-P", "-b", bootstrapServers, "-t", topic, "-p", "0", "-l", file.path])
        return Measurement(seconds: seconds, count: messages)
    }

    private func kcatConsume(topic: String) throws -> Measurement {
        let seconds = try timeProcess("kcat", [
            "-C", "-b", bootstrapServers, "-t", topic, "-p", "0", "-o", "beginning", "-e", "-q",
            "-X", "receive.message.max.bytes=1000000000", "-c", String(messages),
        ])
        return Measurement(seconds: seconds, count: messages)
    }

    private func timeProcess(_ tool: String, _ arguments: [String]) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.standardOutput = FileHandle.nullDevice
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        let elapsed = start.duration(to: .now)
        guard process.terminationStatus == 0 else {
            throw BenchmarkError(description: "\(tool) exited with status \(process.terminationStatus); is it installed (apt-get install kcat)?")
        }
        return elapsed.seconds
    }

    struct BenchmarkError: Error, CustomStringConvertible {
        var description: String
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
