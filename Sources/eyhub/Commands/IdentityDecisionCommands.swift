import ArgumentParser
import EarlyYearsSchema
import Foundation
import HubRuntime
import Identity
import Kafka
import Logging

/// The identity tools that work on the live crosswalk: explain a link, split one, decide reviews.
/// They read `eyh.identity.v1` and `eyh.review.identity.v1` to their ends, and send a person's
/// decision to `eyh.identity-decisions.v1`, which the resolver applies in its transaction.
extension IdentityCommand {
    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print why a record is linked to its child: the rule, who decided, the match weight and each field's part.")
        @Argument(help: "The source subject key (the Kafka key of its events on eyh.events.v1).") var sourceKey: String
        @Flag(help: "Print the crosswalk entries as JSON instead.") var json = false
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.bootstrap()
            let crosswalk = try await LiveIdentity.crosswalk(try connection.clientConfiguration(clientID: "eyhub-identity-explain"), logger: logger)
            guard let explanation = IdentityExplanation(sourceKey: sourceKey, crosswalk: crosswalk) else {
                throw LiveIdentity.failure("no record with source key \(sourceKey) is in the crosswalk")
            }
            if json {
                for entry in [explanation.link] + explanation.others { print(String(decoding: try CrosswalkRecord.link(entry).json(), as: UTF8.self)) }
                return
            }
            print(explanation.text)
        }
    }

    struct Summary: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count what the live crosswalk holds: records, children, links by rule, merges, separations and open reviews.")
        @Flag(inversion: .prefixedNo, help: "Also explain one record linked by probability (or else by an identifier).") var example = true
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.bootstrap()
            let client = try connection.clientConfiguration(clientID: "eyhub-identity-summary")
            let crosswalk = try await LiveIdentity.crosswalk(client, logger: logger)
            let reviews = try await LiveIdentity.reviews(client, logger: logger)
            let children = Set(crosswalk.links.keys.compactMap { crosswalk.childID(ofSourceKey: $0) })
            let joined = children.filter { child in Set(crosswalk.sourceKeys(ofChild: child).compactMap { crosswalk.links[$0]?.source }).count > 1 }
            let rules = Dictionary(grouping: crosswalk.links.values, by: \.rule).mapValues(\.count)
            print("crosswalk: \(crosswalk.links.count) source keys, \(children.count) children, \(joined.count) of them known to more than one source")
            print("  links by rule: " + rules.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", "))
            print("  merges \(crosswalk.merges.count), separations \(crosswalk.links.values.reduce(0) { $0 + $1.separations.count })")
            print("reviews: \(reviews.filter { $0.status == .open }.count) open, \(reviews.filter { $0.status != .open }.count) decided")
            guard example else { return }
            let sample = crosswalk.links.values.filter { $0.rule == .probabilistic }.min { $0.sourceKey < $1.sourceKey }
                ?? crosswalk.links.values.filter { $0.linkedSourceKey != nil }.min { $0.sourceKey < $1.sourceKey }
            if let sample, let explanation = IdentityExplanation(sourceKey: sample.sourceKey, crosswalk: crosswalk) {
                print("\nfor example, `eyhub identity explain \(sample.sourceKey)`:")
                print(explanation.text)
            }
        }
    }

    struct Unlink: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Split a wrongly linked record from its child: it becomes a child of its own, and the resolver never joins them again.")
        @Argument(help: "The source subject key of the record to split off.") var sourceKey: String
        @OptionGroup var decision: DecisionOptions
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.bootstrap()
            let client = try connection.clientConfiguration(clientID: "eyhub-identity-unlink")
            let crosswalk = try await LiveIdentity.crosswalk(client, logger: logger)
            guard let child = crosswalk.childID(ofSourceKey: sourceKey) else {
                throw LiveIdentity.failure("no record with source key \(sourceKey) is in the crosswalk")
            }
            guard crosswalk.sourceKeys(ofChild: child).count > 1 else {
                throw LiveIdentity.failure("source key \(sourceKey) is the only record of \(child): there is nothing to unlink it from")
            }
            let sent = IdentityDecision(kind: .unlink, sourceKey: sourceKey, decidedBy: decision.by, reason: decision.reason)
            try await LiveIdentity.send(sent, client: client, logger: logger)
            print("unlink of \(sourceKey) from \(child) sent as \(sent.decisionID)")
            if decision.wait {
                try await LiveIdentity.waitUntilApplied {
                    try await LiveIdentity.crosswalk(client, logger: logger).links[sourceKey]?.separations.contains { $0.childID == child } == true
                }
                print("applied: \(sourceKey) is now \(try await LiveIdentity.crosswalk(client, logger: logger).childID(ofSourceKey: sourceKey) ?? "?")")
            }
        }
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the uncertain pairs waiting for a person, and accept or reject them.",
            subcommands: [List.self, Accept.self, Reject.self], defaultSubcommand: List.self)

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The open reviews, oldest first.")
            @Flag(help: "Also those already decided.") var all = false
            @Flag(help: "One JSON object per line.") var json = false
            @OptionGroup var connection: ConnectionOptions
            @OptionGroup var logging: LoggingOptions

            func run() async throws {
                let logger = logging.bootstrap()
                let reviews = try await LiveIdentity.reviews(try connection.clientConfiguration(clientID: "eyhub-identity-review"), logger: logger)
                let shown = reviews.filter { all || $0.status == .open }
                for record in shown {
                    if json {
                        print(String(decoding: try EarlyYearsEvent.encoder().encode(record), as: UTF8.self))
                    } else if let review = record.review {
                        let probability = review.probability.map { String(format: "%.4f", $0) } ?? "-"
                        print("\(record.reviewID)  \(record.status.rawValue)  p=\(probability)  \(review.sourceKey) ~ \(review.candidateSourceKey)  \(review.reason)")
                    } else {
                        print("\(record.reviewID)  \(record.status.rawValue)")
                    }
                }
                if !json { print("\(shown.count) review(s)\(all ? "" : " open")") }
            }
        }

        struct Accept: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The two records are the same child: merge them.")
            @OptionGroup var arguments: ReviewDecisionArguments

            func run() async throws { try await arguments.decide(.accept) }
        }

        struct Reject: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The two records are different children: keep them apart.")
            @OptionGroup var arguments: ReviewDecisionArguments

            func run() async throws { try await arguments.decide(.reject) }
        }

        struct ReviewDecisionArguments: ParsableArguments {
            @Argument(help: "The review id (rv_…).") var reviewID: String
            @OptionGroup var decision: DecisionOptions
            @OptionGroup var connection: ConnectionOptions
            @OptionGroup var logging: LoggingOptions

            func decide(_ kind: IdentityDecision.Kind) async throws {
                let logger = logging.bootstrap()
                let client = try connection.clientConfiguration(clientID: "eyhub-identity-review")
                guard let record = try await LiveIdentity.reviews(client, logger: logger).first(where: { $0.reviewID == reviewID }) else {
                    throw LiveIdentity.failure("no review \(reviewID) on \(HubTopics.identityReview)")
                }
                guard record.status == .open, let review = record.review else {
                    throw LiveIdentity.failure("review \(reviewID) was already \(record.status.rawValue) by \(record.decidedBy ?? "someone")")
                }
                let sent = IdentityDecision(kind: kind, sourceKey: review.sourceKey, candidateSourceKey: review.candidateSourceKey, reviewID: reviewID,
                                            decidedBy: decision.by, reason: decision.reason)
                try await LiveIdentity.send(sent, client: client, logger: logger)
                print("\(kind.rawValue) of \(reviewID) sent as \(sent.decisionID)")
                if decision.wait {
                    try await LiveIdentity.waitUntilApplied {
                        try await LiveIdentity.reviews(client, logger: logger).first(where: { $0.reviewID == reviewID })?.status != .open
                    }
                    print("applied: review \(reviewID) is \(kind == .accept ? "accepted" : "rejected")")
                }
            }
        }
    }

    struct DecisionOptions: ParsableArguments {
        @Option(help: "Who decides (recorded with the decision).") var by: String
        @Option(help: "Why (recorded with the decision; no personal data).") var reason: String
        @Flag(help: "Wait until the resolver has applied the decision.") var wait = false

        func validate() throws {
            guard !by.trimmingCharacters(in: .whitespaces).isEmpty, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--by and --reason must not be empty: every decision records who made it and why")
            }
        }
    }
}

/// Reading and writing the live identity topics for the commands above.
enum LiveIdentity {
    static func crosswalk(_ client: ClientConfiguration, logger: Logger) async throws -> CrosswalkState {
        var latest: [String: CrosswalkRecord] = [:]
        for message in try await TopicSnapshot.read(HubTopics.identity, client: client, logger: logger) {
            guard let key = message.keyString else { continue }
            latest[key] = try message.value.map { try CrosswalkRecord(json: $0) }
        }
        return CrosswalkState(latest.values)
    }

    /// Every review's latest record, in the order they were raised.
    static func reviews(_ client: ClientConfiguration, logger: Logger) async throws -> [ReviewRecord] {
        var order: [String] = []
        var latest: [String: ReviewRecord] = [:]
        var raised: [String: ReviewRecord] = [:]
        for message in try await TopicSnapshot.read(HubTopics.identityReview, client: client, logger: logger) {
            guard let value = message.value else { continue }
            var record = try JSONDecoder().decode(ReviewRecord.self, from: Data(value))
            if record.status == .open {
                if raised[record.reviewID] == nil { order.append(record.reviewID) }
                raised[record.reviewID] = record
            }
            // A decision's record does not repeat the pair; keep it from when it was raised.
            if record.review == nil { record.review = raised[record.reviewID]?.review }
            latest[record.reviewID] = record
        }
        return order.compactMap { latest[$0] }
    }

    static func send(_ decision: IdentityDecision, client: ClientConfiguration, logger: Logger) async throws {
        let producer = try KafkaProducer(configuration: ProducerConfiguration(client: client), logger: logger)
        do {
            _ = try await producer.send(ProducerMessage(topic: HubTopics.identityDecisions, key: Array(decision.sourceKey.utf8),
                                                        value: Array(try EarlyYearsEvent.encoder().encode(decision))))
        } catch {
            await producer.close()
            throw error
        }
        await producer.close()
    }

    /// Polls until `applied` holds (at most 60 s).
    static func waitUntilApplied(_ applied: () async throws -> Bool) async throws {
        for _ in 0..<60 {
            if try await applied() { return }
            try await Task.sleep(for: .seconds(1))
        }
        throw failure("the resolver did not apply the decision within 60 s; is `eyhub resolve` running? (see eyh.dlq.resolver.v1)")
    }

    static func failure(_ reason: String) -> any Error {
        FileHandle.standardError.write(Data("error: \(reason)\n".utf8))
        return ExitCode(1)
    }
}


