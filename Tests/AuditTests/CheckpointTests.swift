import Audit
import Foundation
import Testing

@Suite struct CheckpointTests {
    static let key = try! AuditSigningKey(name: "eyhub.example.gov.uk")
    static let checkpoint = Checkpoint(size: 1_234, root: MerkleTree(entries: [[1], [2], [3]]).root())

    @Test func aSignedNoteHasTheCheckpointBodyABlankLineAndOneSignatureLine() throws {
        let note = try Self.checkpoint.signed(with: Self.key)
        let lines = note.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 6)
        #expect(lines[0] == "eyhub/audit/v1")
        #expect(lines[1] == "1234")
        #expect(lines[2] == Substring(Data(Self.checkpoint.root.bytes).base64EncodedString()))
        #expect(lines[3] == "")
        #expect(lines[4].hasPrefix("\u{2014} eyhub.example.gov.uk "))
        let signature = try #require(Data(base64Encoded: String(lines[4].split(separator: " ")[2])))
        #expect(signature.count == 4 + 64)
        #expect(Array(signature.prefix(4)) == Self.key.verifyingKey.keyID)
        #expect(lines[5] == "")
        #expect(try Checkpoint(note: note, verifiedBy: Self.key.verifyingKey) == Self.checkpoint)
    }

    @Test func theKeyIDIsTheFirstFourBytesOfTheHashOfNameNewlineAlgorithmAndKey() throws {
        let verifying = Self.key.verifyingKey
        let text = verifying.fileText.trimmingCharacters(in: .newlines)
        let parts = text.split(separator: "+", maxSplits: 2)
        let keyBytes = try #require(Data(base64Encoded: String(parts[2])))
        #expect(parts[0] == "eyhub.example.gov.uk")
        #expect(keyBytes.first == 0x01)
        let expected = try pythonReference(
            "import hashlib, sys; print(hashlib.sha256(b'eyhub.example.gov.uk\\n' + bytes.fromhex(sys.argv[1])).digest()[:4].hex())",
            arguments: [keyBytes.map { String(format: "%02x", $0) }.joined()])
        #expect(parts[1] == Substring(expected.first ?? ""))
        #expect(verifying.keyIDHex == expected.first)
    }

    @Test func anEditedNoteFailsItsSignature() throws {
        let note = try Self.checkpoint.signed(with: Self.key)
        let edited = note.replacingOccurrences(of: "\n1234\n", with: "\n1235\n")
        #expect(throws: CheckpointError.badSignature("eyhub.example.gov.uk")) {
            try Checkpoint(note: edited, verifiedBy: Self.key.verifyingKey)
        }
    }

    @Test func anotherKeyOfTheSameNameIsRefusedAsTheWrongKey() throws {
        let note = try Self.checkpoint.signed(with: Self.key)
        let impostor = try AuditSigningKey(name: "eyhub.example.gov.uk")
        #expect(throws: CheckpointError.wrongKey("eyhub.example.gov.uk")) {
            try Checkpoint(note: note, verifiedBy: impostor.verifyingKey)
        }
    }

    @Test func aKeyOfAnotherNameFindsNoSignature() throws {
        let note = try Self.checkpoint.signed(with: Self.key)
        let other = try AuditSigningKey(name: "someone-else")
        #expect(throws: CheckpointError.notSignedByKey("someone-else", found: ["eyhub.example.gov.uk"])) {
            try Checkpoint(note: note, verifiedBy: other.verifyingKey)
        }
    }

    @Test(arguments: [
        "eyhub/audit/v1\n12\nAAAA\n\n\u{2014} k AAAAAAAAAA==\n",
        "eyhub/audit/v1\n012\n" + Data(repeating: 0, count: 32).base64EncodedString() + "\n\n\u{2014} k AAAAAAAAAA==\n",
        "eyhub/audit/v1\n12\n" + Data(repeating: 0, count: 32).base64EncodedString() + "\n\u{2014} k AAAAAAAAAA==\n",
        "eyhub/audit/v1\n12\n" + Data(repeating: 0, count: 32).base64EncodedString() + "\n\n",
        "eyhub/audit/v1\n12\n" + Data(repeating: 0, count: 32).base64EncodedString() + "\n\n- k AAAAAAAAAA==\n",
        "eyhub/audit/v1\n12\n" + Data(repeating: 0, count: 32).base64EncodedString() + "\n\n\u{2014} k AAAAAAAAAA==",
    ])
    func malformedNotesAreRefusedAsMalformed(note: String) {
        #expect {
            try Checkpoint(unverifiedNote: note)
        } throws: { error in
            guard case .malformed = error as? CheckpointError else { return false }
            return true
        }
    }

    @Test func keysRoundTripThroughTheirFilesWhichHoldNameIDAndKey() throws {
        let restored = try AuditSigningKey(fileText: Self.key.fileText)
        #expect(restored.verifyingKey == Self.key.verifyingKey)
        #expect(Self.key.fileText.hasPrefix("PRIVATE+KEY+eyhub.example.gov.uk+\(Self.key.verifyingKey.keyIDHex)+"))
        #expect(try AuditVerifyingKey(fileText: Self.key.verifyingKey.fileText) == Self.key.verifyingKey)
        #expect(throws: AuditKeyError.self) { try AuditVerifyingKey(fileText: "eyhub+00000000+AAAA") }
    }

    @Test func keygenWritesAPrivateFileOnlyItsOwnerMayReadAndThePublicKeyBesideIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("audit-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("audit.key")
        try Self.key.write(to: file)
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        #expect(try AuditSigningKey(contentsOf: file).verifyingKey == Self.key.verifyingKey)
        #expect(try AuditVerifyingKey(contentsOf: URL(fileURLWithPath: file.path + ".pub")) == Self.key.verifyingKey)
        #expect(throws: AuditKeyError.self, "never overwrites a key") { try Self.key.write(to: file) }
    }

    @Test func aPrivateKeyFileOthersMayReadIsRefusedWithoutShowingTheKey() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString).key")
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(FileManager.default.createFile(atPath: file.path, contents: Data(Self.key.fileText.utf8), attributes: [.posixPermissions: 0o640]))
        #expect {
            try AuditSigningKey(contentsOf: file)
        } throws: { error in
            let text = (error as? AuditKeyError)?.description ?? ""
            return text.contains("640") && text.contains("chmod 600") && !text.contains(Self.key.fileText.split(separator: "+", maxSplits: 4).last!.trimmingCharacters(in: .newlines))
        }
    }
}
