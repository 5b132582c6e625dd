import ArgumentParser
import EarlyYearsSchema
import Foundation
import HubRuntime
import Kafka
import Logging
import ServiceLifecycle
import Sharing

/// `eyhub route`: the router stage as a daemon.
struct RouteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Run the router: child events in, a minimised copy to each permitted recipient, every disclosure audited.",
        discussion: """
        Reads eyh.child-events.v1 and eyh.sharing-decisions.v1; writes eyh.share.<recipient>.v1 for each recipient of the \
        agreements in --policies, one entry per record sent to eyh.audit.v1, and the children's sharing state to the compacted \
        eyh.state.router.v1, in Kafka transactions. Agreements with any problem (`eyhub policy check`) stop it from starting. \
        Run one instance per deployment (decision 0016).
        """)

    @OptionGroup var policy: PolicyCommand.PolicyOptions
    @Option(help: "This instance's stable id (transactional id and static group membership).") var instance = "0"
    @Option(help: "Stop once no input has come for this many seconds (batch runs and demos; a daemon runs until SIGTERM).")
    var stopWhenIdle: Int?
    @Option(help: "Ask for a retention sweep this often, in hours (0: never; `eyhub sharing sweep` asks for one at any time).")
    var retentionSweepHours = 6
    @Option(help: "Partitions for topics this command creates.") var partitions = 6
    @Option(help: "Replication factor for topics this command creates.") var replicationFactor = 1
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap()
        let agreements = try policy.checked()
        let router = Router(agreements: agreements)
        let client = try connection.clientConfiguration(clientID: "eyhub-router-\(instance)")
        let admin = try KafkaAdmin(configuration: client, logger: logger)
        let needed = [HubTopics.childEvents, HubTopics.sharingDecisions, HubTopics.audit, HubTopics.state(stage: "router"), HubTopics.deadLetter("router")]
        let shares = router.recipients.keys.sorted().map {
            TopicSpecification(name: HubTopics.share(recipient: $0), partitions: partitions, replicationFactor: replicationFactor)
        }
        do {
            _ = try await admin.ensureTopics(
                HubTopics.core(partitions: partitions, replicationFactor: replicationFactor).filter { needed.contains($0.name) } + shares)
            admin.close()
        } catch {
            admin.close()
            throw error
        }
        let stage = RouterStage(router: router, client: client, logger: logger)
        let runner = StageRunner(
            configuration: StageConfiguration(
                name: "router", inputTopics: stage.topics.inputs, deadLetterTopic: HubTopics.deadLetter("router"), client: client,
                instance: instance, stopWhenIdle: stopWhenIdle.map { .seconds($0) }),
            transformation: stage, logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: runner, successTerminationBehavior: .gracefullyShutdownGroup)]
        if retentionSweepHours > 0 {
            services.append(.init(service: RetentionSweeper(every: .seconds(retentionSweepHours * 3600), client: client, logger: logger)))
        }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        let statistics = runner.currentStatistics
        let counts = stage.currentCounts
        func list(_ values: [String: Int]) -> String { values.isEmpty ? "-" : values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
        print("""
            router stopped: \(statistics.recordsIn) records in, \(statistics.recordsOut) out, \(statistics.deadLettered) dead-lettered, \
            \(statistics.transactionsCommitted) transactions
              \(counts.events) events routed; state restored \(counts.restores) time(s) (\(counts.restoredChildren) children)
              sent: \(list(Dictionary(uniqueKeysWithValues: counts.shared.map { ($0.key.rawValue, $0.value) })))
              permitted by recipient: \(list(counts.permitsByRecipient))
              denied by recipient: \(list(counts.deniesByRecipient))
              denials: \(list(Dictionary(uniqueKeysWithValues: counts.denials.map { ($0.key.rawValue, $0.value) })))
              expired (not routed): \(counts.expired); identity merges \(counts.merges), splits \(counts.splits); decisions \(counts.decisions)
            """)
    }
}

/// `eyhub sharing`: a person's decisions about sharing for one child, applied by the router.
struct SharingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sharing", abstract: "Record a parent's objection, a sealed record or a safeguarding override for one child.",
        discussion: "Each decision goes to eyh.sharing-decisions.v1 (kept forever, with who and why) and the router applies it in order with the child's events.",
        subcommands: [Object.self, WithdrawObjection.self, Seal.self, Unseal.self, Override.self, RevokeOverride.self, Sweep.self])

    struct Sweep: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask the router for a retention sweep now: records past retain_until are deleted from every recipient that holds them.")
        @Option(help: "Sweep as of this day (yyyy-MM-dd); today by default.") var asOf: String?
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.bootstrap()
            let client = try connection.clientConfiguration(clientID: "eyhub-sharing-sweep")
            let day = asOf ?? String(Date().formatted(.iso8601).prefix(10))
            try await RetentionSweeper.request(asOf: day, by: "eyhub sharing sweep", client: client, logger: logger)
            print("retention sweep as of \(day) requested")
        }
    }

    struct DecisionArguments: ParsableArguments {
        @Argument(help: "The hub child id (ch_…).") var childID: String
        @Option(help: "Who decided (name and role).") var by: String
        @Option(help: "Why, in words the family and an auditor can read.") var reason: String
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var logging: LoggingOptions

        func validate() throws {
            guard childID.hasPrefix("ch_") else { throw ValidationError("the child id is a hub child id, ch_…") }
            guard !by.trimmingCharacters(in: .whitespaces).isEmpty, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--by and --reason are required: every sharing decision records who and why")
            }
        }

        func send(_ kind: SharingDecision.Kind, agreementID: String? = nil) async throws {
            let logger = logging.bootstrap()
            let client = try connection.clientConfiguration(clientID: "eyhub-sharing-decision")
            let decision = SharingDecision(kind: kind, childID: childID, agreementID: agreementID, decidedBy: by, reason: reason,
                                           decidedAt: Date().formatted(.iso8601))
            let producer = try KafkaProducer(configuration: ProducerConfiguration(client: client), logger: logger)
            do {
                _ = try await producer.send(ProducerMessage(topic: HubTopics.sharingDecisions, key: Array(childID.utf8),
                                                            value: Array(try EarlyYearsEvent.encoder().encode(decision))))
            } catch {
                await producer.close()
                throw error
            }
            await producer.close()
            print("\(kind.rawValue) for \(childID) sent as \(decision.decisionID)")
        }
    }

    struct Object: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A parent objects to sharing for any purpose but safeguarding.")
        @OptionGroup var decision: DecisionArguments
        func run() async throws { try await decision.send(.object) }
    }

    struct WithdrawObjection: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The parent withdraws their objection.")
        @OptionGroup var decision: DecisionArguments
        func run() async throws { try await decision.send(.withdrawObjection) }
    }

    struct Seal: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Seal the child's record (an adoption, for example): nothing is shared.")
        @OptionGroup var decision: DecisionArguments
        func run() async throws { try await decision.send(.seal) }
    }

    struct Unseal: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lift a seal.")
        @OptionGroup var decision: DecisionArguments
        func run() async throws { try await decision.send(.unseal) }
    }

    struct Override: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Share under one safeguarding agreement despite an objection; the reason is in every audit entry it causes.")
        @Option(help: "The safeguarding agreement's id.") var agreement: String
        @OptionGroup var decision: DecisionArguments
        func run() async throws { try await decision.send(.safeguardingOverride, agreementID: agreement) }
    }

    struct RevokeOverride: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End a safeguarding override.")
        @Option(help: "The safeguarding agreement's id.") var agreement: String
        @OptionGroup var decision: DecisionArguments
        func run() async throws { try await decision.send(.revokeOverride, agreementID: agreement) }
    }
}

/// Asks the router for a retention sweep at a fixed interval, through its own decisions topic, so
/// that the sweep runs in the router's transaction, in order with everything else it does.
struct RetentionSweeper: Service {
    let every: Duration
    let client: ClientConfiguration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: every)
            } catch {
                return
            }
            do {
                try await Self.request(asOf: String(Date().formatted(.iso8601).prefix(10)), by: "eyhub route", client: client, logger: logger)
            } catch {
                // The next interval asks again; a missed sweep only delays deletions.
                logger.warning("retention sweep request failed", metadata: ["error": "\(type(of: error))"])
            }
        }
    }

    static func request(asOf day: String, by requester: String, client: ClientConfiguration, logger: Logger) async throws {
        let producer = try KafkaProducer(configuration: ProducerConfiguration(client: client), logger: logger)
        do {
            _ = try await producer.send(ProducerMessage(
                topic: HubTopics.sharingDecisions, key: Array("retention-sweep".utf8),
                value: Array(try EarlyYearsEvent.encoder().encode(RouterStage.SweepRequest(asOf: day, requestedBy: requester))),
                headers: [KafkaHeader(name: "eyh.control", string: RouterStage.retentionSweepControl)]))
        } catch {
            await producer.close()
            throw error
        }
        await producer.close()
    }
}
