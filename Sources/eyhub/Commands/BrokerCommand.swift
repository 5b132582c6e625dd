import ArgumentParser
import Foundation
import HubRuntime

struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Run the embedded Kafka-compatible broker (noida-db) for development and tests.",
        subcommands: [Start.self, Stop.self, Status.self])

    struct Location: ParsableArguments {
        @Option(help: "Port the broker listens on, on 127.0.0.1.")
        var port: Int = 9092

        @Option(help: "Where the broker keeps its data, pid file and log.")
        var dataDir: String = ".eyhub/broker"

        var broker: EmbeddedBroker { EmbeddedBroker(port: port, dataDirectory: dataDir) }
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Install noida-db if missing, start it and wait until it answers.")
        @OptionGroup var location: Location
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.bootstrap()
            let broker = location.broker
            switch try await broker.start(logger: logger) {
            case .started(let pid):
                print("embedded broker started: pid \(pid), bootstrap \(broker.bootstrapServers), data \(broker.dataDirectory)")
            case .alreadyRunning(let pid):
                print("embedded broker already running: pid \(pid), bootstrap \(broker.bootstrapServers)")
            }
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the broker recorded in the data directory (and nothing else).")
        @OptionGroup var location: Location

        func run() async throws {
            if let pid = try location.broker.stop() {
                print("embedded broker stopped: pid \(pid)")
            } else {
                print("embedded broker was not running")
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Say whether the broker runs and answers; exit 1 when it does not.")
        @OptionGroup var location: Location

        func run() async throws {
            let broker = location.broker
            switch await broker.status() {
            case .stopped:
                print("embedded broker: stopped (data \(broker.dataDirectory))")
                throw ExitCode(1)
            case .running(let pid, false, _, _):
                print("embedded broker: pid \(pid) running but not answering on \(broker.bootstrapServers)")
                throw ExitCode(1)
            case .running(let pid, true, let brokers, let topics):
                print("embedded broker: pid \(pid) answering on \(broker.bootstrapServers) (\(brokers) broker, \(topics) topics)")
            }
        }
    }
}
