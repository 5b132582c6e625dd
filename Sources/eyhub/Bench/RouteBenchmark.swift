import EarlyYearsSchema
import Foundation
import HubRuntime
import Identity
import Kafka
import Logging
import Sharing

/// `eyhub bench route`: the router with 50 recipients and 200 agreements, beside a pass-through
/// stage on the same input, broker and runner: both consume every child event and commit in Kafka
/// transactions; the pass-through writes each record unchanged to one topic without evaluating
/// anything, the router evaluates every agreement and writes the shares, audit entries and state.
struct RouteBenchmark {
    let events: Int
    let children: Int
    let rounds: Int
    /// The schema, whose fields the generated agreements share.
    let catalog: SchemaCatalog
    let logger: Logger

    struct Round {
        var passThrough: Double
        var router: Double
        var routerOutputs: Int
    }

    /// Records per second from the first commit to the last input committed: the same clock for
    /// both stages, without the group join and start-up before the first commit.
    struct Timing {
        var seconds: Double
        var records: Int
        var rate: Double { Double(records) / seconds }
    }

    func run() async throws -> [Round] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eyhub-bench-route-\(UUID().uuidString.prefix(8))").path
        let broker = EmbeddedBroker(port: EmbeddedBroker.freePort(), dataDirectory: directory)
        _ = try await broker.start(logger: logger)
        defer {
            if let pid = broker.recordedPid() { kill(pid, SIGKILL) }
            _ = try? broker.stop(timeout: .seconds(5))
            try? FileManager.default.removeItem(atPath: directory)
        }
        let client = ClientConfiguration.embedded(bootstrapServers: [broker.bootstrapServers], clientID: "eyhub-bench-route")
        var random = SeededGenerator(seed: 2026)
        let agreements = Self.agreements(&random, catalog: catalog)
        let router = Router(agreements: agreements)
        let input = "bench.child-events"
        let admin = try KafkaAdmin(configuration: client, logger: logger)
        var topics = [input, "bench.pass-through", "bench.dlq", HubTopics.sharingDecisions, HubTopics.state(stage: "router"), HubTopics.audit]
        topics += router.recipients.keys.map { HubTopics.share(recipient: $0) }
        _ = try await admin.ensureTopics(topics.map { TopicSpecification(name: $0, partitions: $0 == HubTopics.audit ? 1 : 6) })
        admin.close()
        try await produceInput(topic: input, client: client, random: &random)

        // The router's work alone, without Kafka: every input through the stage's transformation.
        let inputs = try await TopicSnapshot.read(input, client: client, logger: logger)
        let alone = RouterStage(router: router, logger: logger) { () throws(KafkaError) in [] }
        let started = ContinuousClock.now
        var produced = 0
        for message in inputs { produced += try alone.transform(message).count }
        let seconds = (ContinuousClock.now - started).seconds
        print(String(format: "router transformation alone (no Kafka): %d events in %.2f s, %.0f events/s, %d records out",
                     inputs.count, seconds, Double(inputs.count) / seconds, produced))

        var rounds: [Round] = []
        for round in 1...self.rounds {
            let pass = try await measure(name: "pass-\(round)", input: input, transformation: PassThrough(topic: "bench.pass-through"), client: client)
            var stageTopics = RouterStage.Topics()
            stageTopics.childEvents = input
            stageTopics.state = "bench.router-state-\(round)"
            let stateAdmin = try KafkaAdmin(configuration: client, logger: logger)
            _ = try await stateAdmin.ensureTopics([TopicSpecification(name: stageTopics.state, partitions: 6, config: ["cleanup.policy": "compact"])])
            stateAdmin.close()
            let stage = RouterStage(router: router, topics: stageTopics, logger: logger) { () throws(KafkaError) in [] }
            let routed = try await measure(name: "router-\(round)", input: input, transformation: stage, client: client)
            let counts = stage.currentCounts
            let outputs = counts.shared.values.reduce(0, +)
            print(String(format: "round %d  pass-through %8.0f events/s   router %8.0f events/s   ratio %.2f   (router sent %d records, denied %d)",
                         round, pass.rate, routed.rate, routed.rate / pass.rate, outputs, counts.denials.values.reduce(0, +)))
            rounds.append(Round(passThrough: pass.rate, router: routed.rate, routerOutputs: outputs))
        }
        return rounds
    }

    func measure(name: String, input: String, transformation: some StageTransformation, client: ClientConfiguration) async throws -> Timing {
        let runner = StageRunner(
            configuration: StageConfiguration(
                name: name, inputTopics: [input], deadLetterTopic: "bench.dlq", client: client, instance: name, groupID: "bench-\(name)",
                stopWhenIdle: .seconds(2)),
            transformation: transformation, logger: logger)
        let task = Task { try await runner.run() }
        var first: (ContinuousClock.Instant, Int)?
        var last = ContinuousClock.now
        while true {
            let statistics = runner.currentStatistics
            if first == nil, statistics.recordsIn > 0 { first = (.now, statistics.recordsIn) }
            if statistics.recordsIn >= events {
                last = .now
                break
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        try await task.value
        guard let (start, records) = first, runner.currentStatistics.deadLettered == 0 else {
            throw ValidationFailure("the \(name) stage dead-lettered records: the benchmark's input is wrong")
        }
        return Timing(seconds: max((last - start).seconds, 0.001), records: events - records)
    }

    struct ValidationFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    struct PassThrough: StageTransformation {
        let topic: String
        func transform(_ message: KafkaMessage) throws -> [ProducerMessage] {
            [ProducerMessage(topic: topic, key: message.key, value: message.value, headers: message.headers)]
        }
    }

    // MARK: Inputs

    static let settings = (0..<20).map { String(format: "EY%06d", 500_000 + $0) }
    static let districts = (1...20).map { "LS\($0)" }

    /// 50 recipients (20 settings, 10 health visiting teams, 10 council teams, 10 referral
    /// services) under 200 agreements, each naming 1 to 5 of them for 2 to 6 event types.
    static func agreements(_ random: inout SeededGenerator, catalog: SchemaCatalog) -> [Agreement] {
        var recipients: [Agreement.Recipient] = []
        for (index, urn) in settings.enumerated() {
            recipients.append(.init(id: "setting-\(index)", name: "Setting \(index)", organisation: urn, serviceType: .earlyYearsSetting,
                                    topic: HubTopics.share(recipient: "setting-\(index)"), relationships: [.onRoll], area: [], referralService: nil,
                                    retention: "3 years", line: 0))
        }
        for index in 0..<10 {
            recipients.append(.init(id: "hv-\(index)", name: "Health visiting \(index)", organisation: "R\(index)", serviceType: .healthVisiting,
                                    topic: HubTopics.share(recipient: "hv-\(index)"), relationships: [.caseload, .area],
                                    area: [districts[index * 2], districts[index * 2 + 1]], referralService: nil, retention: "25th birthday", line: 0))
            recipients.append(.init(id: "council-\(index)", name: "Council \(index)", organisation: "\(300 + index)", serviceType: .localAuthority,
                                    topic: HubTopics.share(recipient: "council-\(index)"), relationships: [.resident, .openCase],
                                    area: [districts[(index * 2 + 5) % 20]], referralService: nil, retention: "25th birthday", line: 0))
            let service = [ReferralPayload.Service.speechLanguageTherapy, .earlyHelp, .paediatrics, .audiology, .camhs][index % 5]
            recipients.append(.init(id: "service-\(index)", name: "Service \(index)", organisation: "S\(index)", serviceType: .other,
                                    topic: HubTopics.share(recipient: "service-\(index)"), relationships: [.referred], area: [],
                                    referralService: service, retention: "25th birthday", line: 0))
        }
        let types: [EventType] = [.enrolment, .developmentalReview, .concern, .referral, .earlyHelpEpisode, .progressCheckTwo, .safeguardingFlag]
        return (0..<200).map { number in
            let named = (0..<Int.random(in: 1...5, using: &random)).map { _ in recipients[Int.random(in: 0..<recipients.count, using: &random)] }
            let chosenTypes = types.shuffled(using: &random).prefix(Int.random(in: 2...6, using: &random))
            let shares = chosenTypes.map { type in
                let fields = catalog.fields(of: type).map(\.path).shuffled(using: &random).prefix(Int.random(in: 3...10, using: &random))
                return Agreement.Share(eventType: type, fields: Array(fields), sources: nil, recipients: [], line: 0, fieldLines: [:])
            }
            return Agreement(
                id: String(format: "dsa-bench-%03d", number), version: "1", title: "bench", parties: [.init(organisation: "X", name: "X", role: "controller")],
                purpose: .init(code: "COC", description: "bench", safeguarding: number % 10 == 0),
                lawfulBasis: LawfulBasis(article6: .publicTask, article9: .healthOrSocialCare, dpaSchedule1Paragraph: 2),
                recipients: Array(Set(named.map(\.id))).sorted().compactMap { id in named.first { $0.id == id } }, shares: shares,
                validFrom: "2020-01-01", validUntil: "2099-12-31", reviewDate: "2099-01-01", file: "bench", line: 0, keyLines: [:])
        }
    }

    /// Each child: an enrolment at a setting first, then reviews, concerns and referrals.
    func produceInput(topic: String, client: ClientConfiguration, random: inout SeededGenerator) async throws {
        let producer = try KafkaProducer(configuration: ProducerConfiguration(client: client), logger: logger)
        let tally = DeliveryTally()
        for index in 0..<events {
            let child = index % children
            let childID = String(format: "ch_%032x", child)
            let record = "rec-\(index)"
            let payload: Payload
            if index < children {
                payload = .enrolment(EnrolmentPayload(settingURN: Self.settings[child % Self.settings.count], settingName: "Setting", startDate: "2025-09-01",
                                                      fundedHours: .init(type: .universal15, hoursPerWeek: 15), eypp: false, daf: false, senProvision: .none))
            } else {
                switch Int.random(in: 0..<4, using: &random) {
                case 0:
                    payload = .developmentalReview(DevelopmentalReviewPayload(instrument: .asq3, intervalMonths: 27, completedOn: "2026-05-02", areas: [
                        .init(area: .communication, score: 20, band: .belowCutoff), .init(area: .grossMotor, score: 50, band: .aboveCutoff),
                    ]))
                case 1:
                    payload = .concern(ConcernPayload(domain: .speechLanguageCommunication, severity: .medium, status: .open, raisedOn: "2026-05-03"))
                case 2:
                    payload = .referral(ReferralPayload(toService: [.speechLanguageTherapy, .earlyHelp, .paediatrics][child % 3], referredOn: "2026-05-03", outcome: .pending))
                default:
                    payload = .earlyHelpEpisode(EarlyHelpEpisodePayload(assessmentStart: "2026-04-01", leadOrganisation: "Council"))
                }
            }
            let source = index < children
                ? Source(orgType: .earlyYearsSetting, orgCode: Self.settings[child % Self.settings.count], system: "nursery", recordID: record, recordVersion: "1")
                : Source(orgType: .healthVisiting, orgCode: "R\(child % 10)", system: "hv", recordID: record, recordVersion: "1")
            let event = EarlyYearsEvent(
                eventID: String(format: "%064x", index), action: .new, occurredAt: "2026-05-02T10:00:00Z", recordedAt: "2026-05-02T10:00:00Z",
                source: source,
                subject: Subject(nhsNumber: .init(NHSNumber("9434765919")), givenNames: ["Amelia"], familyName: "Rockwood", birthDate: "2024-03-01",
                                 sex: .female, postcode: "\(Self.districts[child % 20]) \(child % 9)AB"),
                lawfulBasis: LawfulBasis(article6: .publicTask, article9: .healthOrSocialCare, dpaSchedule1Paragraph: 2), specialCategory: true,
                provenance: Provenance(adapter: "bench", mappingID: "bench", mappingVersion: "1", origin: "bench"), payload: payload)
            try await producer.enqueue(ProducerMessage(topic: topic, key: Array(childID.utf8), value: try event.canonicalJSON(), headers: [
                KafkaHeader(name: IdentityHeader.childID, string: childID), KafkaHeader(name: IdentityHeader.sourceKey, string: "sk-\(child)"),
            ]), tally: tally)
        }
        await producer.close()
        guard tally.delivered == events else { throw ValidationFailure("only \(tally.delivered) of \(events) input events were delivered") }
    }
}

