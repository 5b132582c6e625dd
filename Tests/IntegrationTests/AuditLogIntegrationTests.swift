import Audit
import Foundation
import HubRuntime
import Kafka
import Testing

@Suite("The audit log against the embedded broker")
struct AuditLogIntegrationTests {
    static func entry(_ number: Int) -> AuditEntry {
        AuditEntry(
            entryID: "au_" + String(format: "%032x", 0xB0_0000 + number), kind: .disclosure, at: "2026-05-02T10:00:00Z",
            recipient: "sunny-days-nursery", recipientName: "Sunny Days Nursery", recipientOrganisation: "EY123456",
            topic: "eyh.share.sunny-days-nursery.v1", agreementID: "dsa-leeds-hv-settings", agreementVersion: "1.2", purpose: "TREAT",
            purposeDescription: "Joined-up support for children's development", article6: "6_1_e", decisionID: "dc_\(number)",
            childKey: "ch_" + String(format: "%032x", number), recordKey: "rk_\(number)", eventID: String(format: "%064x", number),
            eventType: "progress_check_two", fields: ["event_type"], payloadSHA256: String(format: "%064x", number))
    }

    /// Writes entries `numbers` in one transaction, committed or aborted, as the router does.
    static func write(_ numbers: Range<Int>, to topic: String, producer: TransactionalProducer, commit: Bool) async throws {
        try producer.beginTransaction()
        for number in numbers {
            try await producer.enqueue(ProducerMessage(topic: topic, key: Array("ch_\(number)".utf8), value: try entry(number).leafBytes()))
        }
        if commit { try await producer.commitTransaction() } else { try await producer.abortTransaction() }
    }

    @Test("committed entries are the tree, aborted ones never; two checkpoints verify consistent and an entry's proof verifies")
    func checkpointsAndProofsOverTransactionalEntries() async throws {
        let topic = uniqueTopic("audit"), checkpointsTopic = uniqueTopic("audit-checkpoints")
        try await createTopic(topic, partitions: 1)
        try await createTopic(checkpointsTopic, partitions: 1)
        let client = try await TestBroker.client("eyhub-audit-test")
        let producer = try TransactionalProducer(
            configuration: TransactionalProducerConfiguration(producer: ProducerConfiguration(client: client), transactionalID: "tx-\(topic)"),
            logger: testLogger)
        try await producer.initTransactions()
        let key = try AuditSigningKey(name: "eyhub-integration")
        let directory = CheckpointDirectory(FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString)"))
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let signer = CheckpointSigner(key: key, directory: directory)

        try await Self.write(0..<10, to: topic, producer: producer, commit: true)
        try await Self.write(100..<105, to: topic, producer: producer, commit: false)
        try await Self.write(10..<20, to: topic, producer: producer, commit: true)
        let first = try await AuditLogSnapshot.read(topic: topic, client: client, logger: testLogger)
        #expect(first.compactMap(\.entryID) == (0..<20).map { Self.entry($0).entryID }, "the aborted entries are not leaves")
        #expect(first.last!.offset > 19, "offsets count the transaction markers and aborted records; leaf indexes do not")
        let signedFirst = try signer.checkpoint(first)
        #expect(signedFirst.checkpoint.size == 20)
        try await AuditLogSnapshot.publish(note: signedFirst.note, origin: Checkpoint.defaultOrigin, topic: checkpointsTopic, client: client, logger: testLogger)

        try await Self.write(20..<35, to: topic, producer: producer, commit: true)
        await producer.close()
        let second = try await AuditLogSnapshot.read(topic: topic, client: client, logger: testLogger)
        #expect(second.count == 35)
        #expect(try signer.checkpoint(second).checkpoint.size == 35)

        let report = AuditVerifier(key: key.verifyingKey).verify(log: second, checkpoints: try directory.load())
        #expect(report.isClean, "\(report.summary)")
        #expect(report.checkpoints.map(\.size) == [20, 35])
        #expect(report.checkpoints.last?.consistentWithPrevious == true)
        #expect(report.summary == "checked 35 entries against 2 checkpoints: consistent")

        let published = try await TopicSnapshot.read(checkpointsTopic, client: client, logger: testLogger)
        #expect(published.compactMap(\.valueString) == [signedFirst.note])

        let newest = try Checkpoint(note: try directory.load().last!.note, verifiedBy: key.verifyingKey)
        let wanted = Self.entry(12).entryID
        let proof = try #require(try EntryProof.proofs(log: second, checkpoint: newest) { $0.entryID == wanted }.first)
        #expect(proof.leafIndex == 12 && proof.treeSize == 35 && proof.offset == second[12].offset)
        let path = proof.path.compactMap { MerkleHash(hex: $0) }
        #expect(InclusionProof(leafIndex: proof.leafIndex, treeSize: proof.treeSize, path: path)
            .verifies(leafHash: .leaf(try Self.entry(12).leafBytes()), root: newest.root))
    }
}
