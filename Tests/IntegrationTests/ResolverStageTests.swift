import EarlyYearsSchema
import Foundation
import HubRuntime
import Identity
import Kafka
import Testing

/// The resolver stage on the embedded broker: events in, events keyed by child id out, the
/// crosswalk, reviews and people's decisions, and its state rebuilt from Kafka by a new instance.
@Suite("The resolver stage against the embedded broker")
struct ResolverStageTests {
    static let model: LinkageModel = {
        let population = SyntheticPopulation.twoSources(.init(people: 3_000, seed: 9))
        return ModelTraining.train(population.left.map(LinkageRecord.init), population.right.map(LinkageRecord.init))
    }()

    static let health = Source(orgType: .healthVisiting, orgCode: "RR8", system: "SystmOne", recordID: "")
    static let council = Source(orgType: .localAuthority, orgCode: "383", system: "Mosaic", recordID: "")
    static let nursery = Source(orgType: .earlyYearsSetting, orgCode: "EY100001", system: "Famly", recordID: "")

    /// Unique topics for one test, so that nothing else on the shared broker meets them.
    struct Deployment {
        let topics: ResolverStage.Topics
        let deadLetter: String
        let group: String

        init() async throws {
            var topics = ResolverStage.Topics()
            topics.events = uniqueTopic("events")
            topics.decisions = uniqueTopic("decisions")
            topics.crosswalk = uniqueTopic("identity")
            topics.childEvents = uniqueTopic("child-events")
            topics.reviews = uniqueTopic("review")
            self.topics = topics
            deadLetter = uniqueTopic("dlq-resolver")
            group = "resolver-\(topics.events)"
            for topic in [topics.events, topics.decisions, topics.childEvents, topics.reviews, deadLetter] {
                try await createTopic(topic, partitions: 3)
            }
            try await createTopic(topics.crosswalk, partitions: 3, config: ["cleanup.policy": "compact"])
        }

        /// Runs a new resolver instance, with no state of its own, until its input has been quiet for 4 s.
        func runResolver() async throws -> ResolverStage {
            let client = try await TestBroker.client("eyhub-resolver-test")
            let ids = try ChildIDMaker(secret: Array("integration-test-secret-of-32-bytes!!".utf8))
            let stage = ResolverStage(model: ResolverStageTests.model, ids: ids, topics: topics, client: client, logger: testLogger)
            let runner = StageRunner(
                configuration: StageConfiguration(
                    name: "resolver", inputTopics: topics.inputs, deadLetterTopic: deadLetter, client: client, instance: group,
                    groupID: group, maxTransactionRecords: 3, maxTransactionDelay: .milliseconds(100), stopWhenIdle: .seconds(4)),
                transformation: stage, logger: testLogger)
            try await runner.run()
            return stage
        }

        func read(_ topics: [String]) async throws -> [KafkaMessage] {
            var messages: [KafkaMessage] = []
            for topic in topics { messages += try await TopicSnapshot.read(topic, client: try await TestBroker.client(), logger: testLogger) }
            return messages
        }

        func send(_ values: [[UInt8]], to topic: String, key: (Int) -> String = { "k\($0)" }) async throws {
            let producer = try await makeProducer()
            for (index, value) in values.enumerated() {
                _ = try await producer.send(ProducerMessage(topic: topic, key: Array(key(index).utf8), value: value,
                                                            headers: [KafkaHeader(name: "eyh.adapter", string: "test")]))
            }
            await producer.close()
        }
    }

    /// A canonical event (a real fixture's, with this source and subject): the resolver reads
    /// only `event_id`, `source` and `subject`, and passes the bytes on unchanged.
    static func event(_ source: Source, record: String, _ subject: [String: Any]) throws -> [UInt8] {
        let url = AdapterFixture.repository.appendingPathComponent("adapters/hv-dch-fhir/fixtures/expected/01-asq3-27m-welsh-name.jsonl")
        let line = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")[0]
        var object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        object["source"] = ["org_type": source.orgType.rawValue, "org_code": source.orgCode, "system": source.system, "record_id": record]
        object["subject"] = subject
        object["event_id"] = String(repeating: "0", count: 56) + String(format: "%08x", abs(record.hashValue) % 0xFFFF_FFFF)
        return Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    static func subject(_ given: String, _ family: String, _ birthDate: String, nhs: String? = nil, local: String? = nil,
                        postcode: String = "LS6 2QT") -> [String: Any] {
        var subject: [String: Any] = ["given_names": [given], "family_name": family, "birth_date": birthDate, "sex": "female", "postcode": postcode]
        if let nhs { subject["nhs_number"] = ["value": nhs, "check_digit_valid": true] }
        if let local { subject["local_ids"] = [["system": "local", "value": local]] }
        return subject
    }

    static func sourceKey(_ source: Source, _ subject: [String: Any]) throws -> String {
        let decoded = try JSONDecoder().decode(Subject.self, from: JSONSerialization.data(withJSONObject: subject))
        return SourceSubjectKey.derive(source: source, subject: decoded)
    }

    @Test("links by NHS number and by probability, reviews the doubtful, dead-letters the unreadable; a new instance restores the crosswalk from Kafka and people's decisions are applied")
    func resolveRestoreAndDecide() async throws {
        let deployment = try await Deployment()
        let topics = deployment.topics
        let healthSubject = Self.subject("Amelia", "Rockwood", "2025-07-04", nhs: "9434765919")
        let councilSubject = Self.subject("Millie", "Rockwood", "2025-07-04", nhs: "943 476 5919", local: "LA-77", postcode: "LS6 2AB")
        let nurserySubject = Self.subject("Amelia", "Rockwood", "2025-07-04", local: "N-1")
        let secondNurserySubject = Self.subject("Amelia", "Rockwood", "2025-07-04", local: "N-2")
        let keys = [
            try Self.sourceKey(Self.health, healthSubject), try Self.sourceKey(Self.council, councilSubject),
            try Self.sourceKey(Self.nursery, nurserySubject), try Self.sourceKey(Self.nursery, secondNurserySubject),
        ]
        try await deployment.send([
            try Self.event(Self.health, record: "h-1", healthSubject),
            try Self.event(Self.council, record: "c-1", councilSubject),
            try Self.event(Self.nursery, record: "n-1", nurserySubject),
            try Self.event(Self.nursery, record: "n-2", secondNurserySubject),
            Array("{\"event_id\": 12, \"subject\": {}}".utf8),
        ], to: topics.events, key: { _ in "one-partition" })
        // One key, so one partition: the resolver sees the records in the order sent. Which of the
        // two nursery records links, and which goes to review, depends on that order.

        let first = try await deployment.runResolver()
        #expect(first.currentCounts.restores >= 1, "state is restored from the crosswalk before the first record")
        let childEvents = try await deployment.read([topics.childEvents])
        let byKey = Dictionary(grouping: childEvents, by: { $0.headers.string(named: IdentityHeader.sourceKey) ?? "" })
        #expect(childEvents.count == 4, "one re-keyed event per readable input: \(childEvents.count)")
        let children = keys.map { byKey[$0]?.first?.keyString }
        #expect(children[0] != nil && children[0] == children[1], "a valid NHS number with an agreeing date of birth links")
        #expect(children[2] == children[0], "the nursery record links by probability")
        #expect(children[3] != nil && children[3] != children[0], "a second record from the same nursery is not linked without a person")
        #expect(byKey[keys[1]]?.first?.headers.string(named: IdentityHeader.rule) == "nhs_number+birth_date")
        #expect(byKey[keys[2]]?.first?.headers.string(named: IdentityHeader.rule) == "probabilistic")
        #expect(childEvents.allSatisfy { $0.keyString?.hasPrefix("ch_") == true && $0.headers.string(named: "eyh.adapter") == "test" },
                "keyed by child id only, with the input's headers kept")
        let inputs = Set(try await deployment.read([topics.events]).compactMap(\.value))
        #expect(childEvents.allSatisfy { inputs.contains($0.value ?? []) }, "events pass through unchanged")

        let crosswalk = try await deployment.read([topics.crosswalk])
        #expect(Set(crosswalk.compactMap(\.keyString)) == Set(keys), "one crosswalk entry per source subject key, keyed by it")
        let links = try crosswalk.compactMap { message -> CrosswalkLink? in
            if case .link(let link) = try CrosswalkRecord(json: message.value ?? []) { link } else { nil }
        }
        let probabilistic = try #require(links.first { $0.sourceKey == keys[2] })
        #expect(probabilistic.linkedSourceKey == keys[0] || probabilistic.linkedSourceKey == keys[1])
        #expect((probabilistic.probability ?? 0) >= Self.model.thresholds.link && probabilistic.contributions?.count == LinkageField.allCases.count)

        let reviews = try await deployment.read([topics.reviews]).map { try JSONDecoder().decode(ReviewRecord.self, from: Data($0.value ?? [])) }
        #expect(reviews.count == 1 && reviews.first?.status == .open)
        let review = try #require(reviews.first?.review)
        #expect(review.sourceKey == keys[3] && review.candidateChildID == children[0])
        #expect(review.reason.contains("already has a record from this source system"))

        let deadLetters = try await deployment.read([deployment.deadLetter])
        #expect(deadLetters.count == 1)
        #expect(deadLetters.first?.headers.string(named: DeadLetterHeader.rule) == "resolver.event-json")
        #expect(deadLetters.first?.headers.string(named: DeadLetterHeader.fieldPath) == "event_id")

        // A new instance with no state: another council record with the same NHS number must join
        // the same child, which it can only know from the crosswalk on Kafka.
        let laterCouncil = Self.subject("Amelia", "Rockwood", "2025-07-04", nhs: "9434765919", local: "LA-78", postcode: "LS1 4AP")
        let laterKey = try Self.sourceKey(Self.council, laterCouncil)
        try await deployment.send([try Self.event(Self.council, record: "c-2", laterCouncil)], to: topics.events)
        let second = try await deployment.runResolver()
        #expect(second.currentCounts.restoredRecords == 4, "the new instance restored the four crosswalk entries")
        #expect(second.resolver.childID(ofSourceKey: laterKey) == children[0], "linked by the NHS number held in the restored crosswalk")

        // Then a person's decisions: the review accepted, and the first council record unlinked.
        // (Sent after the record above has been resolved: decisions and events are different
        // topics, so their order within one run is not fixed, and the unlink changes where an
        // NHS number leads.)
        let accept = IdentityDecision(kind: .accept, sourceKey: review.sourceKey, candidateSourceKey: review.candidateSourceKey,
                                      reviewID: review.reviewID, decidedBy: "A. Reviewer", reason: "same child: nursery confirmed the duplicate")
        let unlink = IdentityDecision(kind: .unlink, sourceKey: keys[1], decidedBy: "B. Officer", reason: "LA record is a sibling")
        let unknown = IdentityDecision(kind: .unlink, sourceKey: String(repeating: "f", count: 64), decidedBy: "B. Officer", reason: "typo")
        try await deployment.send([try accept.jsonForTest(), try unlink.jsonForTest(), try unknown.jsonForTest()], to: topics.decisions,
                                  key: { _ in "decisions" })

        let deciding = try await deployment.runResolver()
        #expect(deciding.currentCounts.restoredRecords == 5, "this instance restored the five crosswalk entries")
        #expect(deciding.currentCounts.decisions == 2)
        let resolver = deciding.resolver
        #expect(resolver.childID(ofSourceKey: laterKey) == children[0], "the later council record stays with the child")
        #expect(resolver.childID(ofSourceKey: keys[3]) == children[0], "the accepted review merged the second nursery record's child")
        let unlinked = try #require(resolver.crosswalk.links[keys[1]])
        #expect(unlinked.rule == .unlinked && unlinked.decidedBy == "B. Officer" && unlinked.reason == "LA record is a sibling")
        #expect(resolver.childID(ofSourceKey: keys[1]) != children[0])

        let notices = try await deployment.read([topics.childEvents]).filter { $0.headers.string(named: IdentityHeader.control) != nil }
        let merges = notices.filter { $0.headers.string(named: IdentityHeader.control) == "identity-merge" }
        let splits = notices.filter { $0.headers.string(named: IdentityHeader.control) == "identity-split" }
        #expect(Set(merges.compactMap(\.keyString)) == [children[3]!, children[0]!], "a merge notice under each of the two child ids")
        #expect(Set(splits.compactMap(\.keyString)) == [children[0]!, resolver.childID(ofSourceKey: keys[1])!])
        let decided = try await deployment.read([topics.reviews]).map { try JSONDecoder().decode(ReviewRecord.self, from: Data($0.value ?? [])) }
        #expect(decided.last { $0.reviewID == review.reviewID }?.status == .accepted)
        #expect(decided.last { $0.reviewID == review.reviewID }?.decidedBy == "A. Reviewer")

        let refused = try await deployment.read([deployment.deadLetter]).filter { $0.headers.string(named: DeadLetterHeader.originTopic) == topics.decisions }
        #expect(refused.count == 1 && refused.first?.headers.string(named: DeadLetterHeader.rule) == "identity.decision.unlink",
                "a decision about an unknown record is dead-lettered with its reason")

        // A third instance restores all of it, including the merge and the split.
        let third = try await deployment.runResolver()
        #expect(third.resolver.childID(ofSourceKey: keys[3]) == children[0])
        #expect(third.resolver.childID(ofSourceKey: keys[1]) == resolver.childID(ofSourceKey: keys[1]))
        #expect(third.resolver.crosswalk.isSeparated(resolver.childID(ofSourceKey: keys[1])!, children[0]!))
    }
}

extension IdentityDecision {
    func jsonForTest() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Array(try encoder.encode(self))
    }
}
