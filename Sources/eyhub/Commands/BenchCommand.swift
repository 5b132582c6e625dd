import ArgumentParser
import Foundation
import HubRuntime
import Kafka

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks, compared side by side with a reference tool.", subcommands: [Kafka.self])

    struct Kafka: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Produce then consume N records through eyhub's Kafka module and through kcat, on the same broker, and print the ratio.")

        @Option(help: "Records per direction.") var messages = 1_000_000
        @Option(help: "Bytes per record value.") var size = 200
        @Option(help: "Use this running broker instead of starting a fresh embedded one.") var bootstrapServers: String?
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.bootstrap()
            var broker: EmbeddedBroker?
            let servers: String
            if let bootstrapServers {
                servers = bootstrapServers
            } else {
                // A fresh data directory: noida-db keeps everything in memory and saves it on exit.
                let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eyhub-bench-\(UUID().uuidString.prefix(8))").path
                let fresh = EmbeddedBroker(port: EmbeddedBroker.freePort(), dataDirectory: directory)
                _ = try await fresh.start(logger: logger)
                broker = fresh
                servers = fresh.bootstrapServers
                print("started a fresh embedded broker on \(servers)")
            }
            let benchmark = KafkaBenchmark(bootstrapServers: servers, messages: messages, size: size, logger: logger)
            let result: Result<KafkaBenchmark.Report, any Error> = await Result(catching: { try await benchmark.run() })
            if let broker {
                _ = try? broker.stop(timeout: .seconds(5))
                try? FileManager.default.removeItem(atPath: broker.dataDirectory)
            }
            print(try result.get().table)
        }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
