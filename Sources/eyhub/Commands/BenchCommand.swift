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
        @Option(help: "Rounds to run; the median round is reported.") var rounds = 5
        @Option(help: "Use this running broker for every phase, instead of a fresh embedded broker per client and round.") var bootstrapServers: String?
        @Option(name: .customShort("X"), help: ArgumentHelp("A librdkafka property applied to both clients, eyhub's and kcat's (repeatable).", valueName: "key=value"))
        var properties: [String] = []
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.bootstrap()
            let brokers: KafkaBenchmark.Brokers = bootstrapServers.map { .shared(bootstrapServers: $0) } ?? .freshEmbedded
            let benchmark = KafkaBenchmark(brokers: brokers, messages: messages, size: size, properties: properties, logger: logger)
            let result: Result<KafkaBenchmark.Report, any Error> = await Result(catching: { try await benchmark.run(rounds: rounds) })
            print(try result.get().table)
        }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
