import ArgumentParser
import HubRuntime
import Kafka

struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics", abstract: "Create and inspect the hub's topics.", subcommands: [Ensure.self, List.self])

    struct Ensure: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create whichever of the hub's topics are missing (safe to repeat).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var logging: LoggingOptions
        @Option(help: "Partitions for new topics.") var partitions = 6
        @Option(help: "Replication factor for new topics.") var replicationFactor = 1

        func run() async throws {
            let logger = logging.bootstrap()
            let admin = try KafkaAdmin(configuration: connection.clientConfiguration(), logger: logger)
            defer { admin.close() }
            let report = try await admin.ensureTopics(HubTopics.core(partitions: partitions, replicationFactor: replicationFactor))
            print("topics: \(report.created.count) created, \(report.alreadyPresent.count) already present")
            for name in report.created { print("  created \(name)") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List topics with their partition counts.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.bootstrap()
            let admin = try KafkaAdmin(configuration: connection.clientConfiguration(), logger: logger)
            defer { admin.close() }
            for topic in try await admin.metadata().topics.sorted(by: { $0.name < $1.name }) where !topic.name.hasPrefix("__") {
                print("\(topic.name)\t\(topic.partitions.count) partitions")
            }
        }
    }
}
