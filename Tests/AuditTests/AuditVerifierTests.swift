import Audit
import Foundation
import Testing

/// A log of 200 disclosures checkpointed at 50, 120 and 200; each kind of tampering is found and
/// named (leaf index, offset, entry id), and the untouched log verifies clean.
@Suite struct AuditVerifierTests {
    static let key = try! AuditSigningKey(name: "eyhub-test")
    static let recipients = [("sunny-days-nursery", "Sunny Days Nursery", "EY123456"), ("leeds-hv-north", "Leeds Health Visiting North", "RY6")]

    static func entry(_ number: Int) -> AuditEntry {
        let recipient = recipients[number % recipients.count]
        return AuditEntry(
            entryID: "au_" + String(format: "%032x", 0xA0_0000 + number), kind: number % 7 == 0 ? .correction : .disclosure,
            at: "2026-05-02T10:\(String(format: "%02d", number % 60)):00Z", recipient: recipient.0, recipientName: recipient.1,
            recipientOrganisation: recipient.2, topic: "eyh.share.\(recipient.0).v1", agreementID: "dsa-leeds-hv-settings", agreementVersion: "1.2",
            purpose: "TREAT", purposeDescription: "Joined-up support for children's development", article6: "6_1_e",
            decisionID: "dc_\(number / 2)", childKey: "ch_" + String(format: "%032x", number * 7919), recordKey: "rk_\(number)",
            eventID: String(format: "%064x", number), eventType: "progress_check_two", fields: ["event_type", "payload.areas"],
            payloadSHA256: String(format: "%064x", number * 31))
    }

    /// Offsets jump by two: each entry is its own transaction, and each commit marker takes an offset.
    static let log: [AuditLogRecord] = (0..<200).map { AuditLogRecord(offset: Int64(2 * $0), leafBytes: try! entry($0).leafBytes()) }

    /// A fresh folder with checkpoints signed at 50, 120 and 200 entries.
    static func checkpointed() throws -> (CheckpointDirectory, [SavedCheckpoint]) {
        let directory = CheckpointDirectory(FileManager.default.temporaryDirectory.appendingPathComponent("audit-checkpoints-\(UUID().uuidString)"))
        let signer = CheckpointSigner(key: key, directory: directory)
        for size in [50, 120, 200] { #expect(try signer.checkpoint(Array(log.prefix(size))).isNew) }
        return (directory, try directory.load())
    }

    func verify(_ log: [AuditLogRecord]) throws -> AuditVerification {
        let (directory, saved) = try Self.checkpointed()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        return AuditVerifier(key: Self.key.verifyingKey).verify(log: log, checkpoints: saved)
    }

    static let entryKinds: Set<AuditFinding.Kind> = [.removed, .altered, .inserted, .reordered]

    func differences(_ report: AuditVerification) -> [AuditFinding] {
        report.findings.filter { Self.entryKinds.contains($0.kind) }
    }

    func inconsistent(_ report: AuditVerification) -> [Int] {
        report.findings.filter { $0.kind == .logInconsistent }.compactMap(\.checkpointSize)
    }

    @Test func theUntouchedLogVerifiesCleanAgainstEveryCheckpoint() throws {
        let report = try verify(Self.log)
        #expect(report.isClean)
        #expect(report.checkpoints.map(\.size) == [50, 120, 200])
        for checkpoint in report.checkpoints {
            #expect(checkpoint.signatureValid && checkpoint.leavesReproduceRoot == true && checkpoint.consistentWithLog == true)
        }
        #expect(report.checkpoints.map(\.consistentWithPrevious) == [nil, true, true])
        #expect(report.summary == "checked 200 entries against 3 checkpoints: consistent")
    }

    @Test func entriesAddedSinceTheNewestCheckpointAreConsistentButSaidToBeUnsigned() throws {
        let more = Self.log + (200..<1_234).map { AuditLogRecord(offset: Int64(2 * $0), leafBytes: try! Self.entry($0).leafBytes()) }
        let report = try verify(more)
        #expect(report.isClean)
        #expect(report.summary == "checked 1,234 entries against 3 checkpoints: consistent\n1,034 entries since the newest checkpoint are not yet signed")
    }

    @Test func oneEditedFieldIsAnAlteredEntryAtItsIndexOffsetAndID() throws {
        var log = Self.log
        var edited = Self.entry(80)
        edited.recipient = "someone-else"
        log[80].leafBytes = try edited.leafBytes()
        let report = try verify(log)
        #expect(differences(report) == [AuditFinding(kind: .altered, checkpointSize: 200, leafIndex: 80, currentIndex: 80, offset: 160,
                                                     entryID: edited.entryID, detail: "the entry in its place has different bytes from the signed one")])
        #expect(inconsistent(report) == [120, 200])
        #expect(!report.summary.contains("someone-else"), "findings never repeat an entry's content")
    }

    @Test func aDeletedEntryIsRemovedAtItsSignedIndex() throws {
        var log = Self.log
        log.remove(at: 80)
        let report = try verify(log)
        let found = differences(report)
        #expect(found.map(\.kind) == [.removed])
        #expect(found.first?.leafIndex == 80 && found.first?.currentIndex == nil)
        #expect(inconsistent(report) == [120, 200])
    }

    @Test func anInsertedEntryIsInsertedWithItsOffsetAndID() throws {
        var log = Self.log
        let forged = Self.entry(999)
        log.insert(AuditLogRecord(offset: 161, leafBytes: try forged.leafBytes()), at: 81)
        let report = try verify(log)
        let found = differences(report)
        #expect(found.map(\.kind) == [.inserted])
        #expect(found.first?.currentIndex == 81 && found.first?.offset == 161 && found.first?.entryID == forged.entryID)
        #expect(found.first?.leafIndex == nil)
    }

    @Test func twoSwappedEntriesAreBothReordered() throws {
        var log = Self.log
        log.swapAt(30, 150)
        let report = try verify(log)
        let found = differences(report)
        #expect(found.map(\.kind) == [.reordered, .reordered])
        #expect(found.map(\.leafIndex) == [30, 150])
        #expect(found.map(\.currentIndex) == [150, 30])
        #expect(found.map(\.entryID) == [Self.entry(30).entryID, Self.entry(150).entryID])
        #expect(inconsistent(report) == [50, 120, 200])
    }

    @Test func aTailCutBelowACheckpointIsEveryLostEntryRemoved() throws {
        let report = try verify(Array(Self.log.prefix(150)))
        let found = differences(report)
        #expect(found.allSatisfy { $0.kind == .removed })
        #expect(found.compactMap(\.leafIndex) == Array(150..<200))
        #expect(inconsistent(report) == [200])
        #expect(report.checkpoints.map(\.consistentWithLog) == [true, true, false])
        #expect(report.summary.hasPrefix("checked 150 entries against 3 checkpoints: 51 findings (1 log_inconsistent, 50 removed)"))
    }

    @Test func anotherPublicKeyTrustsNoCheckpoint() throws {
        let (directory, saved) = try Self.checkpointed()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let other = try AuditSigningKey(name: "eyhub-test").verifyingKey
        let report = AuditVerifier(key: other).verify(log: Self.log, checkpoints: saved)
        #expect(report.findings.map(\.kind) == [.badCheckpoint, .badCheckpoint, .badCheckpoint])
        #expect(report.checkpoints.allSatisfy { !$0.signatureValid })
    }

    @Test func anEditedCheckpointNoteIsABadCheckpoint() throws {
        let (directory, _) = try Self.checkpointed()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let file = directory.noteURL(size: 120)
        let note = try String(contentsOf: file, encoding: .utf8)
        let tree = MerkleTree(entries: Self.log.prefix(119).map(\.leafBytes))
        let forgedRoot = Data(tree.root().bytes).base64EncodedString()
        let lines = note.split(separator: "\n", omittingEmptySubsequences: false)
        try (["eyhub/audit/v1", "120", forgedRoot] + lines.dropFirst(3).map(String.init)).joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let report = AuditVerifier(key: Self.key.verifyingKey).verify(log: Self.log, checkpoints: try directory.load())
        #expect(report.findings.map(\.kind) == [.badCheckpoint])
        #expect(report.findings.first?.checkpointSize == 120)
        #expect(report.findings.first?.detail.contains("does not verify") == true)
    }

    @Test func anEditedLeavesFileIsALeavesMismatch() throws {
        let (directory, _) = try Self.checkpointed()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        var lines = try String(contentsOf: directory.leavesURL(size: 50), encoding: .utf8).split(separator: "\n")
        lines.swapAt(3, 4)
        try (lines.joined(separator: "\n") + "\n").write(to: directory.leavesURL(size: 50), atomically: true, encoding: .utf8)
        let report = AuditVerifier(key: Self.key.verifyingKey).verify(log: Self.log, checkpoints: try directory.load())
        #expect(report.findings.map(\.kind) == [.leavesMismatch])
        #expect(report.checkpoints.first?.leavesReproduceRoot == false && report.checkpoints.first?.consistentWithLog == true)
    }

    @Test func twoSignedHistoriesThatDisagreeAreCheckpointsInconsistent() throws {
        let (directory, _) = try Self.checkpointed()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        var other = Array(Self.log.prefix(50))
        other[10].leafBytes = try Self.entry(500).leafBytes()
        let fork = MerkleTree(entries: other.map(\.leafBytes))
        try directory.save(note: try Checkpoint(size: 50, root: fork.root()).signed(with: Self.key), size: 50, leafHashes: fork.leafHashes)
        let report = AuditVerifier(key: Self.key.verifyingKey).verify(log: Self.log, checkpoints: try directory.load())
        #expect(report.findings.contains { $0.kind == .checkpointsInconsistent && $0.checkpointSize == 120 })
        #expect(report.findings.contains { $0.kind == .logInconsistent && $0.checkpointSize == 50 })
        #expect(differences(report) == [AuditFinding(kind: .altered, checkpointSize: 50, leafIndex: 10, currentIndex: 10, offset: 20,
                                                     entryID: Self.entry(10).entryID, detail: "the entry in its place has different bytes from the signed one")])
    }

    @Test func theSignerRefusesToSignALogThatChangedItsPast() throws {
        let (directory, _) = try Self.checkpointed()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        var log = Self.log
        log.remove(at: 5)
        #expect(throws: AuditLogError.self) { try CheckpointSigner(key: Self.key, directory: directory).checkpoint(log) }
        #expect(try CheckpointSigner(key: Self.key, directory: directory).checkpoint(Self.log).isNew == false, "the same size again is the saved one")
    }

    @Test func anEntrysInclusionProofVerifiesAgainstTheCheckpoint() throws {
        let (directory, saved) = try Self.checkpointed()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let checkpoint = try Checkpoint(note: saved.last!.note, verifiedBy: Self.key.verifyingKey)
        let wanted = Self.entry(77).entryID
        let proofs = try EntryProof.proofs(log: Self.log, checkpoint: checkpoint) { $0.entryID == wanted }
        let proof = try #require(proofs.first)
        #expect(proofs.count == 1)
        #expect(proof.leafIndex == 77 && proof.offset == 154 && proof.treeSize == 200 && proof.entryID == wanted)
        let path = proof.path.compactMap { MerkleHash(hex: $0) }
        #expect(path.count == proof.path.count && path.count == 8)
        #expect(InclusionProof(leafIndex: 77, treeSize: 200, path: path).verifies(leafHash: .leaf(Self.log[77].leafBytes), root: checkpoint.root))
        #expect(throws: AuditLogError.self, "an entry after the checkpoint has no proof yet") {
            try EntryProof.proofs(log: Self.log + [AuditLogRecord(offset: 400, leafBytes: try Self.entry(200).leafBytes())], checkpoint: checkpoint) {
                $0.offset == 400
            }
        }
    }
}
