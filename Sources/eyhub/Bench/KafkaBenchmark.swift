import Foundation
import HubRuntime
import Kafka
import Logging
import Synchronization

/// Produces and consumes the same number of same-sized records through our Kafka module and
/// through kcat (librdkafka's own command-line client), against one broker, one partition each.
struct KafkaBenchmark {
    /// Where each client meets a broker.
    enum Brokers {
        /// One running broker for every phase.
        case shared(bootstrapServers: String)
        /// A fresh embedded broker, in a fresh data directory, for each client in each round, so
        /// neither client meets the other's data (noida-db holds everything in memory and
        /// periodically saves it, which slows a broker down as it fills).
        case freshEmbedded
    }

    let brokers: Brokers
    /// Pause between producing and consuming, the same for both clients.
    var settle: Duration = .seconds(2)
    let messages: Int
    let size: Int
    /// librdkafka properties applied to both clients, as `key=value`.
    let properties: [String]
    let logger: Logger

    struct Measurement {
        var seconds: Double
        var count: Int
        /// CPU time (user + system) the client itself used.
        var cpuSeconds: Double = 0
        var rate: Double { Double(count) / seconds }
    }

    struct Report {
        var messages: Int
        var size: Int
        var rounds: [Round]

        struct Round {
            var oursProduce, kcatProduce, oursConsume, kcatConsume: Measurement
            /// kcat's legacy consumer (`-p 0`, no group), for reference: the hub's consumer is a group member.
            var kcatSimpleConsume: Measurement
        }

        /// The median round's rate for one client and direction.
        func median(_ pick: (Round) -> Measurement) -> Measurement {
            let sorted = rounds.map(pick).sorted { $0.rate < $1.rate }
            return sorted[sorted.count / 2]
        }

        var table: String {
            func row(_ name: String, _ ours: Measurement, _ kcat: Measurement) -> String {
                [
                    name.padding(toLength: 9, withPad: " ", startingAt: 0),
                    String(format: "%12.0f", ours.rate), String(format: "%8.2f", ours.seconds),
                    String(format: "%12.0f", kcat.rate), String(format: "%8.2f", kcat.seconds),
                    String(format: "%9.2f", ours.rate / kcat.rate),
                ].joined(separator: "  ")
            }
            return """
                \(messages) records of \(size) bytes, one partition, a fresh broker per client and round unless --bootstrap-servers; median of \(rounds.count) round(s)
                direction   eyhub msg/s   eyhub s    kcat msg/s    kcat s  ours/kcat
                \(row("produce", median(\.oursProduce), median(\.kcatProduce)))
                \(row("consume", median(\.oursConsume), median(\.kcatConsume)))
                (consume is group consumer against group consumer; kcat's legacy consumer without a group: \(String(format: "%.0f", median(\.kcatSimpleConsume).rate)) msg/s)
                """
        }
    }

    /// Runs `rounds` rounds, alternating which client goes first.
    func run(rounds: Int) async throws -> Report {
        let payload = Array(repeating: UInt8(ascii: "x"), count: size)
        let payloadFile = try writeKcatInput(payload: payload)
        defer { try? FileManager.default.removeItem(at: payloadFile) }
        var results: [Report.Round] = []
        for round in 0..<rounds {
            var measured: [String: Measurement] = [:]
            for client in round % 2 == 0 ? ["kcat", "eyhub"] : ["eyhub", "kcat"] {
                try await withBroker { bootstrap in
                    let topic = "eyh.bench.\(UUID().uuidString.prefix(8).lowercased()).\(client)"
                    let admin = try KafkaAdmin(configuration: clientConfiguration(bootstrap), logger: logger)
                    _ = try await admin.ensureTopics([TopicSpecification(name: topic, partitions: 1)])
                    admin.close()
                    for direction in client == "kcat" ? ["produce", "consume", "consume-simple"] : ["produce", "consume"] {
                        // The same pause for both clients: noida-db saves its data to disk in the
                        // background after writes, and a fetch that meets a save is much slower.
                        if direction != "produce" { try await Task.sleep(for: settle) }
                        let measurement = switch (client, direction) {
                        case ("kcat", "produce"): try kcatProduce(topic: topic, file: payloadFile, bootstrap: bootstrap)
                        case ("kcat", "consume"): try kcatConsume(topic: topic, bootstrap: bootstrap, group: true)
                        case ("kcat", _): try kcatConsume(topic: topic, bootstrap: bootstrap, group: false)
                        case (_, "produce"): try await produce(topic: topic, payload: payload, bootstrap: bootstrap)
                        default: try await consume(topic: topic, bootstrap: bootstrap)
                        }
                        measured["\(client) \(direction)"] = measurement
                        print(String(
                            format: "round %d  %@ %@: %6.2f s  %10.0f msg/s  %5.2f s CPU", round + 1, client.padding(toLength: 5, withPad: " ", startingAt: 0),
                            direction, measurement.seconds, measurement.rate, measurement.cpuSeconds))
                    }
                }
            }
            results.append(Report.Round(
                oursProduce: measured["eyhub produce"]!, kcatProduce: measured["kcat produce"]!,
                oursConsume: measured["eyhub consume"]!, kcatConsume: measured["kcat consume"]!,
                kcatSimpleConsume: measured["kcat consume-simple"]!))
        }
        return Report(messages: messages, size: size, rounds: results)
    }

    private func withBroker(_ body: (String) async throws -> Void) async throws {
        switch brokers {
        case .shared(let bootstrap):
            try await body(bootstrap)
        case .freshEmbedded:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eyhub-bench-\(UUID().uuidString.prefix(8))").path
            let broker = EmbeddedBroker(port: EmbeddedBroker.freePort(), dataDirectory: directory)
            _ = try await broker.start(logger: logger)
            defer {
                // The data is thrown away, so there is nothing for a graceful stop to save.
                if let pid = broker.recordedPid() { kill(pid, SIGKILL) }
                _ = try? broker.stop(timeout: .seconds(5))
                try? FileManager.default.removeItem(atPath: directory)
            }
            try await body(broker.bootstrapServers)
        }
    }

    private func clientConfiguration(_ bootstrap: String) -> ClientConfiguration {
        var client = ClientConfiguration.embedded(bootstrapServers: [bootstrap], clientID: "eyhub-bench")
        for property in properties {
            let parts = property.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { client.additionalProperties[parts[0]] = parts[1] }
        }
        return client
    }

    /// Like kcat's, the time includes creating the client and waiting for every acknowledgement.
    private func produce(topic: String, payload: [UInt8], bootstrap: String) async throws -> Measurement {
        let cpu = CPUTime(RUSAGE_SELF.rawValue)
        let start = ContinuousClock.now
        let producer = try KafkaProducer(configuration: ProducerConfiguration(client: clientConfiguration(bootstrap)), logger: logger)
        let tally = DeliveryTally()
        let chunk = Array(repeating: ProducerMessage(topic: topic, partition: 0, value: payload), count: 1_000)
        var sent = 0
        while sent < messages {
            let count = min(chunk.count, messages - sent)
            try await producer.enqueue(contentsOf: count == chunk.count ? chunk : Array(chunk.prefix(count)), tally: tally)
            sent += count
        }
        try await producer.flush(timeout: .seconds(300))
        let elapsed = start.duration(to: .now)
        await producer.close()
        guard tally.failed == 0, tally.delivered == messages else {
            throw BenchmarkError(description: "\(tally.failed) records failed delivery, \(tally.delivered) delivered")
        }
        return Measurement(seconds: elapsed.seconds, count: messages, cpuSeconds: cpu.elapsed)
    }

    /// Consumes as a member of a new consumer group, as `kcat -G` does; like kcat's, the time
    /// includes creating the client and joining the group.
    private func consume(topic: String, bootstrap: String) async throws -> Measurement {
        let cpu = CPUTime(RUSAGE_SELF.rawValue)
        let start = ContinuousClock.now
        let consumer = try KafkaConsumer(
            configuration: ConsumerConfiguration(
                client: clientConfiguration(bootstrap), groupID: "eyhub-bench-\(UUID().uuidString.prefix(8))", maxBufferedMessages: 100_000),
            logger: logger)
        try consumer.subscribe(topics: [topic])
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
        return Measurement(seconds: elapsed.seconds, count: count, cpuSeconds: cpu.elapsed)
    }

    /// kcat reads records from a file, one per line.
    private func writeKcatInput(payload: [UInt8]) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("eyhub-bench-\(UUID().uuidString.prefix(8)).txt")
        var line = payload
        line.append(UInt8(ascii: "\n"))
        var contents = [UInt8]()
        contents.reserveCapacity(line.count * messages)
        for _ in 0..<messages { contents.append(contentsOf: line) }
        try Data(contents).write(to: file)
        return file
    }

    private func kcatProduce(topic: String, file: URL, bootstrap: String) throws -> Measurement {
        let cpu = CPUTime(RUSAGE_CHILDREN.rawValue)
        let seconds = try timeProcess("kcat", ["-P", "-b", bootstrap, "-t", topic, "-p", "0", "-l", file.path] + kcatProperties)
        return Measurement(seconds: seconds, count: messages, cpuSeconds: cpu.elapsed)
    }

    /// kcat as a group member (`-G`, librdkafka's KafkaConsumer API, which is what the hub's
    /// consumer uses) or with its legacy consumer on partition 0 (no group).
    private func kcatConsume(topic: String, bootstrap: String, group: Bool) throws -> Measurement {
        let cpu = CPUTime(RUSAGE_CHILDREN.rawValue)
        let mode = group
            ? ["-G", "kcat-bench-\(UUID().uuidString.prefix(8))", "-X", "auto.offset.reset=earliest"]
            : ["-C", "-t", topic, "-p", "0", "-o", "beginning"]
        var arguments = mode + ["-b", bootstrap, "-e", "-q", "-X", "receive.message.max.bytes=1000000000", "-c", String(messages)]
        arguments += kcatProperties
        if group { arguments.append(topic) }
        let seconds = try timeProcess("kcat", arguments)
        return Measurement(seconds: seconds, count: messages, cpuSeconds: cpu.elapsed)
    }

    private var kcatProperties: [String] { properties.flatMap { ["-X", $0] } }

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

/// CPU time used since creation, by this process or by its waited-for children.
struct CPUTime {
    let who: __rusage_who_t
    let start: Double

    init(_ who: __rusage_who_t) {
        self.who = who
        self.start = Self.now(who)
    }

    var elapsed: Double { Self.now(who) - start }

    private static func now(_ who: __rusage_who_t) -> Double {
        var usage = rusage()
        getrusage(who, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
