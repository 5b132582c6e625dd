import Audit
import Crypto
import EarlyYearsSchema
import Foundation
import HubRuntime
import Identity
import Kafka
@testable import Sharing
import Testing

/// The router stage on the embedded broker: child events in; minimised copies to the permitted
/// recipients' topics, an audit entry for each, and the sharing state on its changelog, in
/// transactions; merges, people's decisions and retractions; state rebuilt by each new instance.
@Suite("The router stage against the embedded broker")
struct RouterStageTests {
    static let childA = "ch_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    static let childB = "ch_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

    struct Deployment {
        var topics = RouterStage.Topics()
        let deadLetter = uniqueTopic("dlq-router")
        let shares: [String: String]
        let agreements: [Agreement]

        init() async throws {
            topics.childEvents = uniqueTopic("child-events")
            topics.decisions = uniqueTopic("sharing-decisions")
            topics.state = uniqueTopic("state-router")
            topics.audit = uniqueTopic("audit")
            let shareTopics = ["nursery-a": uniqueTopic("share-a"), "nursery-b": uniqueTopic("share-b"), "social-care": uniqueTopic("share-sc")]
            shares = shareTopics
            for topic in [topics.childEvents, topics.decisions, deadLetter] + shareTopics.values { try await createTopic(topic, partitions: 3) }
            try await createTopic(topics.state, partitions: 3, config: ["cleanup.policy": "compact"])
            try await createTopic(topics.audit, partitions: 1)
            func recipient(_ id: String, _ organisation: String, _ relationships: [Relationship], area: [String] = []) -> Agreement.Recipient {
                Agreement.Recipient(id: id, name: "Service \(id)", organisation: organisation, serviceType: .earlyYearsSetting,
                                    topic: shareTopics[id], relationships: relationships, area: area, retention: "3 years", line: 1)
            }
            func agreement(_ id: String, _ recipients: [Agreement.Recipient], _ shares: [Agreement.Share], safeguarding: Bool) -> Agreement {
                Agreement(id: id, version: "2.1", title: id, parties: [.init(organisation: "X", name: "X", role: "controller")],
                          purpose: .init(code: safeguarding ? "THREAT" : "COC", description: "purpose", safeguarding: safeguarding),
                          lawfulBasis: LawfulBasis(article6: .publicTask, article9: safeguarding ? .substantialPublicInterest : .healthOrSocialCare,
                                                   dpaSchedule1Paragraph: safeguarding ? 18 : 2),
                          recipients: recipients, shares: shares, validFrom: "2020-01-01", validUntil: "2099-12-31", reviewDate: "2099-01-01",
                          file: "\(id).yaml", line: 1, keyLines: [:])
            }
            func share(_ type: EventType, _ fields: [String]) -> Agreement.Share {
                Agreement.Share(eventType: type, fields: fields, sources: nil, recipients: [], line: 1, fieldLines: [:])
            }
            agreements = [
                agreement("dsa-development", [recipient("nursery-a", "EY512345", [.onRoll]), recipient("nursery-b", "EY123456", [.onRoll])],
                          [share(.enrolment, ["payload.setting_urn"]), share(.developmentalReview, ["payload.areas[].band", "subject.given_names"])],
                          safeguarding: false),
                agreement("dsa-safeguarding", [recipient("social-care", "201", [.resident], area: ["DH1"])],
                          [share(.safeguardingFlag, ["payload", "subject.nhs_number"])], safeguarding: true),
            ]
        }

        /// A new router instance, with no state of its own, until its input has been quiet for 4 s.
        func runRouter() async throws -> RouterStage {
            let client = try await TestBroker.client("eyhub-router-test")
            let stage = RouterStage(router: Router(agreements: agreements), topics: topics, client: client, logger: testLogger)
            let runner = StageRunner(
                configuration: StageConfiguration(
                    name: "router", inputTopics: topics.inputs, deadLetterTopic: deadLetter, client: client, instance: topics.audit,
                    groupID: "router-\(topics.audit)", maxTransactionRecords: 2, maxTransactionDelay: .milliseconds(100), stopWhenIdle: .seconds(4)),
                transformation: stage, logger: testLogger)
            try await runner.run()
            return stage
        }

        func read(_ topic: String) async throws -> [KafkaMessage] {
            try await TopicSnapshot.read(topic, client: try await TestBroker.client(), logger: testLogger)
        }

        func send(_ messages: [ProducerMessage]) async throws {
            let producer = try await makeProducer()
            for message in messages { _ = try await producer.send(message) }
            await producer.close()
        }
    }

    static func event(_ payload: Payload, from orgType: Source.OrgType, _ org: String, record: String, version: String = "1",
                      action: Action = .new, child: String) throws -> ProducerMessage {
        let event = EarlyYearsEvent(
            eventID: SHA256.hash(data: Array("\(org)/\(record)/\(version)".utf8)).map { String(format: "%02x", $0) }.joined(),
            action: action, occurredAt: "2026-05-02T10:00:00Z", recordedAt: "2026-05-02T10:00:00Z",
            source: Source(orgType: orgType, orgCode: org, system: "sys-\(org)", recordID: record, recordVersion: version),
            subject: Subject(nhsNumber: .init(NHSNumber("9434765919")), givenNames: ["Amelia"], familyName: "Rockwood", birthDate: "2024-03-01",
                             postcode: "DH1 2TF"),
            lawfulBasis: LawfulBasis(article6: .publicTask, article9: .healthOrSocialCare, dpaSchedule1Paragraph: 2), specialCategory: true,
            provenance: Provenance(adapter: "test", mappingID: "m", mappingVersion: "1", origin: "test"), payload: payload)
        return ProducerMessage(topic: "", key: Array(child.utf8), value: try event.canonicalJSON(), headers: [
            KafkaHeader(name: IdentityHeader.childID, string: child), KafkaHeader(name: IdentityHeader.sourceKey, string: "sk-\(org)"),
        ])
    }

    static func enrolment(_ urn: String) -> Payload {
        .enrolment(EnrolmentPayload(settingURN: urn, settingName: "Setting", startDate: "2025-09-01", fundedHours: .init(type: .universal15, hoursPerWeek: 15),
                                    eypp: false, daf: false, senProvision: .none))
    }

    static func review(_ score: Double) -> Payload {
        .developmentalReview(DevelopmentalReviewPayload(instrument: .asq3, intervalMonths: 27, completedOn: "2026-05-02",
                                                        areas: [.init(area: .communication, score: score, band: score < 25 ? .belowCutoff : .aboveCutoff)]))
    }

    static let flag = Payload.safeguardingFlag(SafeguardingFlagPayload(flag: .childProtectionPlan, status: .active, recordedOn: "2026-05-05"))

    @Test("shares minimised copies with audit entries in one transaction, honours merges and objections, retracts, and restores its state")
    func routeMergeObjectRetract() async throws {
        let deployment = try await Deployment()
        let input = deployment.topics.childEvents
        func to(_ message: ProducerMessage) -> ProducerMessage { var message = message; message.topic = input; return message }
        try await deployment.send([
            to(try Self.event(Self.enrolment("EY512345"), from: .earlyYearsSetting, "EY512345", record: "e-a", child: Self.childA)),
            to(try Self.event(Self.enrolment("EY123456"), from: .earlyYearsSetting, "EY123456", record: "e-b", child: Self.childB)),
            to(try Self.event(Self.review(20), from: .healthVisiting, "RCD", record: "r1", child: Self.childA)),
            to(try Self.event(Self.review(40), from: .healthVisiting, "RCD", record: "r1", version: "2", action: .update, child: Self.childA)),
            to(try Self.event(Self.flag, from: .healthVisiting, "RCD", record: "f1", child: Self.childA)),
            ProducerMessage(topic: input, key: Array(Self.childA.utf8), value: Array("not json".utf8)),
        ])
        let first = try await deployment.runRouter()
        #expect(first.currentCounts.restores >= 1)
        let nurseryA = try await deployment.read(deployment.shares["nursery-a"]!)
        #expect(nurseryA.map { $0.headers.string(named: ShareHeader.kind) } == ["disclosure", "disclosure", "correction"])
        #expect(nurseryA.allSatisfy { $0.keyString == Self.childA })
        #expect(nurseryA.allSatisfy { !($0.valueString ?? "").contains("9434765919") && !($0.valueString ?? "").contains("Rockwood") })
        #expect(nurseryA.last?.valueString?.contains(#""band":"above_cutoff""#) == true && nurseryA.last?.valueString?.contains("score") == false)
        let socialCare = try await deployment.read(deployment.shares["social-care"]!)
        #expect(socialCare.count == 1 && socialCare.first?.valueString?.contains("9434765919") == true)
        #expect(socialCare.first?.headers.string(named: ShareHeader.agreementID) == "dsa-safeguarding")
        #expect(socialCare.first?.headers.string(named: ShareHeader.agreementVersion) == "2.1")
        #expect(socialCare.first?.headers.string(named: ShareHeader.purpose) == "THREAT")
        #expect(try await deployment.read(deployment.shares["nursery-b"]!).count == 1, "nursery B saw only child B's enrolment")

        // One audit entry per record shared, matching it: the same decision id and the hash of the bytes sent.
        var audit = try await deployment.read(deployment.topics.audit).map { try AuditEntry(leafBytes: $0.value ?? []) }
        #expect(audit.count == 5)
        for message in nurseryA + socialCare {
            let entry = try #require(audit.first { $0.decisionID == message.headers.string(named: ShareHeader.decisionID) })
            #expect(entry.entryID == message.headers.string(named: ShareHeader.auditEntryID))
            #expect(entry.payloadSHA256 == SHA256.hash(data: message.value ?? []).map { String(format: "%02x", $0) }.joined())
            #expect(entry.childKey == Self.childA && entry.topic == message.topic)
        }
        let deadLetters = try await deployment.read(deployment.deadLetter)
        #expect(deadLetters.count == 1 && deadLetters.first?.headers.string(named: DeadLetterHeader.rule) == "router.event-json")

        // A merge of B into A (both copies, as the resolver writes them), then a new review of A.
        let notice = IdentityNotice(kind: .merge, from: Self.childB, into: Self.childA, sourceKey: nil, reason: "NHS number arrived",
                                    decidedBy: "resolver", decidedAt: "2026-05-06T00:00:00Z")
        let noticeValue = Array(try EarlyYearsEvent.encoder().encode(notice))
        try await deployment.send([Self.childB, Self.childA].map {
            ProducerMessage(topic: input, key: Array($0.utf8), value: noticeValue, headers: [KafkaHeader(name: IdentityHeader.control, string: "identity-merge")])
        } + [to(try Self.event(Self.review(10), from: .healthVisiting, "RCD", record: "r2", child: Self.childA))])
        let second = try await deployment.runRouter()
        #expect(second.currentCounts.restoredChildren == 2, "both children's state restored from the changelog")
        #expect(second.currentCounts.merges == 1, "the merge is applied once, from the copy under the surviving id")
        #expect(second.state(of: Self.childB)?.enrolments.count == 2, "the old id now reads the merged child's state")
        let nurseryB = try await deployment.read(deployment.shares["nursery-b"]!)
        #expect(nurseryB.count == 2 && nurseryB.last?.headers.string(named: ShareHeader.kind) == "disclosure",
                "child B's setting now receives about the merged child")

        // A parent objects; the next review goes nowhere, the flag goes nowhere without an override,
        // and deleting r1 still retracts it from the setting that had it.
        let objection = SharingDecision(kind: .object, childID: Self.childB, decidedBy: "Parent", reason: "objects to sharing", decidedAt: "2026-05-07T00:00:00Z")
        try await deployment.send([ProducerMessage(topic: deployment.topics.decisions, key: Array(Self.childB.utf8),
                                                   value: Array(try EarlyYearsEvent.encoder().encode(objection)))])
        let third = try await deployment.runRouter()
        #expect(third.currentCounts.decisions == 1)
        #expect(third.state(of: Self.childA)?.restrictions.objection?.reason == "objects to sharing", "the decision on the old id reached the merged child")
        try await deployment.send([
            to(try Self.event(Self.review(15), from: .healthVisiting, "RCD", record: "r3", child: Self.childA)),
            to(try Self.event(Self.flag, from: .healthVisiting, "RCD", record: "f2", child: Self.childA)),
            to(try Self.event(Self.review(40), from: .healthVisiting, "RCD", record: "r1", version: "3", action: .delete, child: Self.childA)),
        ])
        let fourth = try await deployment.runRouter()
        #expect(fourth.currentCounts.denials == [.objection: 3], "both settings for the review, social care for the flag: \(fourth.currentCounts.denials)")
        let finalA = try await deployment.read(deployment.shares["nursery-a"]!)
        #expect(finalA.map { $0.headers.string(named: ShareHeader.kind) } == ["disclosure", "disclosure", "correction", "disclosure", "retraction"])
        #expect(finalA.last?.valueString?.contains(#""action":"delete""#) == true)
        #expect(try await deployment.read(deployment.shares["social-care"]!).count == 1)
        audit = try await deployment.read(deployment.topics.audit).map { try AuditEntry(leafBytes: $0.value ?? []) }
        #expect(audit.count == 8)
        #expect(audit.last?.kind == .retraction && audit.last?.recipient == "nursery-a")
    }
}
