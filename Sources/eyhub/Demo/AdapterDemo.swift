import Adapters
import EarlyYearsSchema
import Foundation
import HubRuntime
import Kafka
import Logging
import Mapping
import ServiceLifecycle

/// The adapters part of `eyhub demo`: every adapter in a folder runs as a daemon on the broker;
/// each is fed its own fixtures through its real transport (files renamed into its drop folder,
/// signed POSTs to its webhook, records on its raw topic); then what each produced is read back
/// from Kafka and compared with what its fixtures expect.
struct AdapterDemo {
    let adapters: URL
    let work: URL
    let catalog: SchemaCatalog
    let client: ClientConfiguration
    let logger: Logger

    /// One adapter, set up for this run.
    struct Prepared {
        var definition: AdapterDefinition
        var daemon: AdapterDaemon
        var fixtures: [URL]
        var expected: Counts
    }

    struct Counts: Equatable {
        var inputs = 0
        var events = 0
        var skipped = 0
        var deadLetters = 0
    }

    /// Runs the demonstration; returns whether every adapter produced what its fixtures expect.
    func run() async throws -> Bool {
        let prepared = try prepare()
        let admin = try KafkaAdmin(configuration: client, logger: logger)
        defer { admin.close() }
        _ = try await admin.ensureTopics(HubTopics.core() + prepared.flatMap { HubTopics.adapterTopics($0.definition.name) })
        let topics = [HubTopics.events, HubTopics.intake] + prepared.map(\.definition.deadLetterTopic)
        var start: [TopicPartitionOffset] = []
        for topic in topics {
            for (partition, marks) in try await admin.watermarks(of: topic) {
                start.append(TopicPartitionOffset(topic: topic, partition: partition, offset: marks.high))
            }
        }

        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: prepared.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0.daemon) },
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        let running = Task { try await group.run() }
        let observed: [String: Counts]
        do {
            print("4. started \(prepared.count) adapters; feeding each its fixtures through its own transport:")
            for adapter in prepared { try await feed(adapter) }
            observed = try await readBack(prepared, from: start)
        } catch {
            await group.triggerGracefulShutdown()
            _ = try? await running.value
            throw error
        }
        await group.triggerGracefulShutdown()
        try await running.value

        print("5. read back from Kafka (\(HubTopics.intake) receipts, \(HubTopics.events), eyh.dlq.<adapter>.v1):")
        print("   adapter                   transport  inputs  events  skipped  dead letters")
        var allMatch = true
        for adapter in prepared {
            let seen = observed[adapter.definition.name] ?? Counts()
            let matches = seen == adapter.expected
            allMatch = allMatch && matches
            let name = adapter.definition.name.padding(toLength: 25, withPad: " ", startingAt: 0)
            let transport = adapter.definition.transport.name.padding(toLength: 10, withPad: " ", startingAt: 0)
            print("   \(name) \(transport) \(Self.column(seen.inputs, 6)) \(Self.column(seen.events, 7)) \(Self.column(seen.skipped, 8)) \(Self.column(seen.deadLetters, 13))"
                + (matches ? "  as the fixtures expect" : "  EXPECTED \(adapter.expected.events) events, \(adapter.expected.skipped) skipped, \(adapter.expected.deadLetters) dead letters"))
        }
        return allMatch
    }

    static func column(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// Loads every adapter folder, pointing file drops at this run's folders and webhooks at a
    /// free local port, and giving webhook secrets held in unset environment variables a value.
    private func prepare() throws -> [Prepared] {
        let names = try FileManager.default.contentsOfDirectory(atPath: adapters.path).sorted()
        var prepared: [Prepared] = []
        for name in names {
            let directory = adapters.appendingPathComponent(name, isDirectory: true)
            guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("adapter.yaml").path) else { continue }
            var definition = try AdapterLoader.load(directory: directory)
            let mapping = try MappingLoader.load(contentsOf: definition.mapping, catalog: catalog)
            switch definition.transport {
            case .fileDrop(var drop):
                drop.directory = work.appendingPathComponent("\(definition.name)/drop").path
                drop.pollIntervalMilliseconds = min(drop.pollIntervalMilliseconds, 200)
                definition.transport = .fileDrop(drop)
            case .webhook(var hook):
                hook.host = "127.0.0.1"
                hook.port = try FreePort.find()
                Self.provideSecret(hook.auth)
                definition.transport = .webhook(hook)
            case .rawTopic:
                break
            }
            let engine = MappingEngine(definition: mapping, catalog: catalog, adapter: definition.name)
            let runner = FixtureRunner(adapter: definition, engine: engine)
            let fixtures = try runner.inputs()
            var expected = Counts(inputs: fixtures.count)
            for fixture in fixtures {
                let data = FileManager.default.contents(atPath: runner.expectedFile(for: fixture).path) ?? Data()
                for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                    if line.hasPrefix(#"{"skipped""#) { expected.skipped += 1 } else if line.hasPrefix(#"{"dead_letter""#) { expected.deadLetters += 1 } else { expected.events += 1 }
                }
            }
            let settings = AdapterSettings(client: client, deliveryTimeout: .seconds(30), instance: "demo")
            // The daemons' per-file notices would bury the summary; warnings and errors still show.
            var quiet = logger
            quiet.logLevel = max(logger.logLevel, .warning)
            let daemon = try AdapterDaemon(definition: definition, engine: engine, settings: settings, logger: quiet)
            prepared.append(Prepared(definition: definition, daemon: daemon, fixtures: fixtures, expected: expected))
        }
        return prepared
    }

    /// A webhook secret named by an environment variable that is not set gets a random value for
    /// this process, which both the daemon and the demo's sender read.
    private static func provideSecret(_ auth: AdapterDefinition.Webhook.Auth) {
        let secret: AdapterDefinition.Secret = switch auth {
        case .bearer(let secret), .hmac(_, _, _, let secret): secret
        }
        if case .environment(let name) = secret, ProcessInfo.processInfo.environment[name] == nil {
            setenv(name, UUID().uuidString + UUID().uuidString, 1)
        }
    }

    private func feed(_ adapter: Prepared) async throws {
        let name = adapter.definition.name
        switch adapter.definition.transport {
        case .fileDrop(let drop):
            let folder = URL(fileURLWithPath: drop.directory, isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for fixture in adapter.fixtures {
                // Written under a dot-name, then renamed: the daemon never sees half a file.
                let partial = folder.appendingPathComponent(".\(fixture.lastPathComponent).part")
                try Data(contentsOf: fixture).write(to: partial)
                try FileManager.default.moveItem(at: partial, to: folder.appendingPathComponent(fixture.lastPathComponent))
            }
            print("   \(name): \(adapter.fixtures.count) files renamed into \(folder.path)")
        case .webhook(let hook):
            let sender = try WebhookSender(settings: hook, directory: adapter.definition.directory)
            try await sender.waitUntilListening()
            var statuses: [Int: Int] = [:]
            for fixture in adapter.fixtures {
                statuses[try await sender.post(Array(try Data(contentsOf: fixture))), default: 0] += 1
            }
            let summary = statuses.sorted { $0.key < $1.key }.map { "\($0.value)×\($0.key)" }.joined(separator: ", ")
            print("   \(name): \(adapter.fixtures.count) signed POSTs to http://127.0.0.1:\(hook.port)\(hook.path): \(summary)")
        case .rawTopic:
            let producer = try KafkaProducer(configuration: ProducerConfiguration(client: client), logger: logger)
            for fixture in adapter.fixtures {
                _ = try await producer.send(ProducerMessage(
                    topic: adapter.definition.rawTopic, key: Array(name.utf8), value: Array(try Data(contentsOf: fixture)),
                    headers: [KafkaHeader(name: "eyh.origin", string: fixture.lastPathComponent)]))
            }
            await producer.close()
            print("   \(name): \(adapter.fixtures.count) records produced to \(adapter.definition.rawTopic)")
        }
    }

    /// Reads the run's receipts, events and dead letters until every input has its receipt and
    /// every event and dead letter a receipt counts has been seen.
    private func readBack(_ prepared: [Prepared], from start: [TopicPartitionOffset]) async throws -> [String: Counts] {
        let consumer = try KafkaConsumer(
            configuration: ConsumerConfiguration(client: client, groupID: "eyhub-demo-\(UUID().uuidString.prefix(8).lowercased())", autoOffsetReset: .earliest),
            logger: logger)
        try consumer.assign(start)
        var receipts: [String: [IntakeReceipt]] = [:]
        var eventIDs: [String: Set<String>] = [:]
        var events: [String: Int] = [:]
        var deadLetters: [String: Int] = [:]
        let deadLetterOwners = Dictionary(uniqueKeysWithValues: prepared.map { ($0.definition.deadLetterTopic, $0.definition.name) })
        let decoder = JSONDecoder()

        func complete() -> Bool {
            prepared.allSatisfy { adapter in
                let name = adapter.definition.name
                let got = receipts[name] ?? []
                return got.count >= adapter.fixtures.count
                    && Set(got.flatMap(\.eventIDs)).isSubset(of: eventIDs[name] ?? [])
                    && (events[name] ?? 0) >= got.reduce(0) { $0 + $1.events }
                    && (deadLetters[name] ?? 0) >= got.reduce(0) { $0 + $1.deadLetters }
            }
        }
        let deadline = ContinuousClock.now + .seconds(120)
        while !complete() {
            guard ContinuousClock.now < deadline else {
                await consumer.close()
                throw DemoFailure(description: "not every adapter's outputs reached Kafka within 120 s")
            }
            for case .message(let message) in await consumer.nextBatch(max: 500, waitAtMost: .milliseconds(500)) ?? [] {
                if message.topic == HubTopics.intake, let receipt = try? decoder.decode(IntakeReceipt.self, from: Data(message.value ?? [])) {
                    receipts[receipt.adapter, default: []].append(receipt)
                } else if message.topic == HubTopics.events, let owner = message.headers.string(named: AdapterHeader.adapter),
                          let id = message.headers.string(named: AdapterHeader.eventID) {
                    eventIDs[owner, default: []].insert(id)
                    events[owner, default: 0] += 1
                } else if let owner = deadLetterOwners[message.topic] {
                    deadLetters[owner, default: 0] += 1
                }
            }
        }
        await consumer.close()
        var counts: [String: Counts] = [:]
        for adapter in prepared {
            let name = adapter.definition.name
            let got = receipts[name] ?? []
            counts[name] = Counts(
                inputs: got.count, events: events[name] ?? 0,
                skipped: got.reduce(0) { $0 + $1.skipped }, deadLetters: deadLetters[name] ?? 0)
        }
        return counts
    }
}

struct DemoFailure: Error, CustomStringConvertible {
    var description: String
}
