import ArgumentParser
import Foundation
import Synchronization
import HubRuntime
import Kafka
import Logging
import ServiceLifecycle

/// A minimal stage on the shared runner, used by the integration tests to prove the runner's
/// guarantees (exactly-once across SIGKILL, dead-lettering, graceful shutdown) in a real process.
struct RelayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relay",
        abstract: "Copy records from one topic to another through the stage runner (a test stage).",
        shouldDisplay: false)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var logging: LoggingOptions
    @Option var input: String
    @Option var output: String
    @Option var deadLetter: String
    @Option var group: String
    @Option var instance = "0"
    @Option(help: "Records whose value contains this text are rejected and dead-lettered.") var failMarker = "POISON"
    @Option(help: "Records per transaction.") var transactionRecords = 100
    @Option(help: "Hang (for the crash tests) on this record, counted from 1, after producing the ones before it.")
    var stallAt: Int?

    func run() async throws {
        let logger = logging.bootstrap()
        let stage = StageConfiguration(
            name: "relay", inputTopics: [input], deadLetterTopic: deadLetter, client: try connection.clientConfiguration(clientID: "eyhub-relay"),
            instance: instance, groupID: group, maxTransactionRecords: transactionRecords)
        let runner = StageRunner(configuration: stage, transformation: Relay(output: output, failMarker: failMarker, stall: stallAt.map(Stall.init)), logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [.init(service: runner)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        let statistics = runner.currentStatistics
        print("relay stopped: \(statistics.recordsIn) in, \(statistics.recordsOut) out, \(statistics.deadLettered) dead-lettered, \(statistics.transactionsCommitted) transactions")
    }

    struct Relay: StageTransformation {
        let output: String
        let failMarker: String
        let stall: Stall?

        func transform(_ message: KafkaMessage) throws -> [ProducerMessage] {
            stall?.count()
            guard let value = message.valueString, !value.contains(failMarker) else { throw Rejected() }
            return [ProducerMessage(topic: output, key: message.key, value: Array("relayed:\(value)".utf8), headers: message.headers)]
        }
    }

    struct Rejected: StageFailure {
        var reason: String { "the record is marked as one to reject" }
        var rule: String { "relay.fail-marker" }
        var fieldPath: String? { "value" }
    }
}

/// Fault injection for the crash tests: blocks the stage for good on the n-th record, leaving
/// its transaction open with the records before it already produced.
final class Stall: Sendable {
    private let at: Int
    private let seen = Atomic<Int>(0)

    init(at: Int) {
        self.at = at
    }

    func count() {
        guard seen.add(1, ordering: .relaxed).newValue == at else { return }
        FileHandle.standardError.write(Data("relay stalled mid-transaction at record \(at)\n".utf8))
        while true { Thread.sleep(forTimeInterval: 3600) }
    }
}
