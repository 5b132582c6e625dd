import ArgumentParser
import Foundation
import HubRuntime
import Identity
import Kafka
import Logging
import ServiceLifecycle

/// What the resolver needs besides Kafka: the linkage model and the child id secret.
struct ResolverOptions: ParsableArguments {
    @Option(help: "The linkage model from `eyhub identity train` (env EYHUB_IDENTITY_MODEL).")
    var model: String = ProcessInfo.processInfo.environment["EYHUB_IDENTITY_MODEL"] ?? "models/identity-model.json"

    @Option(help: "A file holding the secret (at least 32 bytes) that child ids are keyed with (env EYHUB_CHILD_ID_SECRET_FILE).")
    var childIDSecretFile: String = ProcessInfo.processInfo.environment["EYHUB_CHILD_ID_SECRET_FILE"] ?? ""

    @Option(help: "Override the model's link threshold (probability at or above which records link without a person).")
    var linkThreshold: Double?

    @Option(help: "Override the model's review threshold (at or above it, and below the link threshold, a pair goes to review).")
    var reviewThreshold: Double?

    func validate() throws {
        for value in [linkThreshold, reviewThreshold].compactMap({ $0 }) where !(0...1).contains(value) {
            throw ValidationError("thresholds must be probabilities between 0 and 1")
        }
    }

    func loadModel() throws -> LinkageModel {
        var model: LinkageModel
        do { model = try LinkageModel.load(from: URL(fileURLWithPath: self.model)) } catch {
            throw ValidationError("cannot load the linkage model \(self.model): \(error) (train one with `eyhub identity train`)")
        }
        if let linkThreshold { model.thresholds.link = linkThreshold }
        if let reviewThreshold { model.thresholds.review = reviewThreshold }
        guard model.thresholds.review <= model.thresholds.link else {
            throw ValidationError("the review threshold (\(model.thresholds.review)) is above the link threshold (\(model.thresholds.link))")
        }
        return model
    }

    func loadIDs() throws -> ChildIDMaker {
        guard !childIDSecretFile.isEmpty else {
            throw ValidationError("--child-id-secret-file (or EYHUB_CHILD_ID_SECRET_FILE) is required: child ids are keyed by a secret")
        }
        do { return try ChildIDMaker(secretFile: URL(fileURLWithPath: childIDSecretFile)) } catch {
            throw ValidationError(error.description)
        }
    }
}

/// `eyhub resolve`: the resolver stage as a daemon.
struct ResolveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Run the resolver: canonical events in, events keyed by hub child id out, with the crosswalk and reviews.",
        discussion: """
        Reads eyh.events.v1 and eyh.identity-decisions.v1; writes eyh.child-events.v1 (keyed by child id), the compacted \
        crosswalk eyh.identity.v1, and eyh.review.identity.v1, in Kafka transactions. State is rebuilt from eyh.identity.v1 at \
        start and after every rebalance. Run one instance per deployment (identity is global; decision 0014).
        """)

    @OptionGroup var resolver: ResolverOptions
    @Option(help: "This instance's stable id (transactional id and static group membership).") var instance = "0"
    @Option(help: "Stop once no input has come for this many seconds (batch runs and demos; a daemon runs until SIGTERM).")
    var stopWhenIdle: Int?
    @Option(help: "Partitions for topics this command creates.") var partitions = 6
    @Option(help: "Replication factor for topics this command creates.") var replicationFactor = 1
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap()
        let model = try resolver.loadModel()
        let ids = try resolver.loadIDs()
        let client = try connection.clientConfiguration(clientID: "eyhub-resolver-\(instance)")
        let admin = try KafkaAdmin(configuration: client, logger: logger)
        let needed = [HubTopics.events, HubTopics.identity, HubTopics.childEvents, HubTopics.identityReview, HubTopics.identityDecisions,
                      HubTopics.deadLetter("resolver")]
        do {
            _ = try await admin.ensureTopics(HubTopics.core(partitions: partitions, replicationFactor: replicationFactor).filter { needed.contains($0.name) })
            admin.close()
        } catch {
            admin.close()
            throw error
        }
        let stage = ResolverStage(model: model, ids: ids, client: client, logger: logger)
        let runner = StageRunner(
            configuration: StageConfiguration(
                name: "resolver", inputTopics: stage.topics.inputs, deadLetterTopic: HubTopics.deadLetter("resolver"), client: client,
                instance: instance, stopWhenIdle: stopWhenIdle.map { .seconds($0) }),
            transformation: stage, logger: logger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: runner, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        let statistics = runner.currentStatistics
        let counts = stage.currentCounts
        let rules = counts.byRule.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: " ")
        print("""
            resolver stopped: \(statistics.recordsIn) records in, \(statistics.recordsOut) out, \(statistics.deadLettered) dead-lettered, \
            \(statistics.transactionsCommitted) transactions
              crosswalk restored \(counts.restores) time(s); \(stage.resolver.knownSourceKeys) source keys known
              rules: \(rules.isEmpty ? "-" : rules); merges \(counts.merges); reviews raised \(counts.reviews); decisions applied \(counts.decisions)
            """)
    }
}
