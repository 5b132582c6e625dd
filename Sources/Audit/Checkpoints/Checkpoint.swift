import Foundation

/// What the log's operator commits to at one moment: the log's origin, its size and its root
/// (C2SP tlog-checkpoint). Signed, it is a signed note:
///
///     eyhub/audit/v1
///     1234
///     <base64 root>
///
///     — <key name> <base64(4-byte key id ‖ 64-byte Ed25519 signature)>
///
/// The signature covers the body: the three lines, each ending in a newline.
public struct Checkpoint: Sendable, Hashable {
    public static let defaultOrigin = "eyhub/audit/v1"

    public var origin: String
    public var size: Int
    public var root: MerkleHash

    public init(origin: String = Checkpoint.defaultOrigin, size: Int, root: MerkleHash) {
        self.origin = origin
        self.size = size
        self.root = root
    }

    public var body: String {
        "\(origin)\n\(size)\n\(Data(root.bytes).base64EncodedString())\n"
    }

    /// The signed note.
    public func signed(with key: AuditSigningKey) throws(AuditKeyError) -> String {
        let signature = try key.signature(of: Array(body.utf8))
        let verifying = key.verifyingKey
        return body + "\n" + "\u{2014} \(key.name) \(Data(verifying.keyID + signature).base64EncodedString())\n"
    }

    /// Reads a signed note without checking its signature (to compare roots, or to show it);
    /// ``init(note:verifiedBy:)`` is the one to trust.
    public init(unverifiedNote note: String) throws(CheckpointError) {
        self = try SignedNote(note).checkpoint
    }

    /// Reads a signed note and checks that `key` signed it.
    public init(note: String, verifiedBy key: AuditVerifyingKey) throws(CheckpointError) {
        let parsed = try SignedNote(note)
        let byName = parsed.signatures.filter { $0.name == key.name }
        guard !byName.isEmpty else {
            throw .notSignedByKey(key.name, found: parsed.signatures.map(\.name))
        }
        guard let signature = byName.first(where: { $0.keyID == key.keyID }) else { throw .wrongKey(key.name) }
        guard key.isValidSignature(signature.signature, of: Array(parsed.body.utf8)) else { throw .badSignature(key.name) }
        self = parsed.checkpoint
    }
}

/// Why a checkpoint note was refused. Names what is wrong, never the note's signature bytes.
public enum CheckpointError: Error, Sendable, Hashable, CustomStringConvertible {
    case malformed(String)
    case notSignedByKey(String, found: [String])
    case wrongKey(String)
    case badSignature(String)

    public var description: String {
        switch self {
        case .malformed(let reason):
            "malformed checkpoint: \(reason)"
        case .notSignedByKey(let name, let found):
            "the checkpoint has no signature by the key \(name) (it is signed by: \(found.isEmpty ? "nobody" : found.joined(separator: ", ")))"
        case .wrongKey(let name):
            "the checkpoint's signature by \(name) was made with another key of that name (key ids differ): check the public key file"
        case .badSignature(let name):
            "the checkpoint's signature by \(name) does not verify: the note was changed after signing, or forged"
        }
    }
}

/// A signed note's parts, split and checked for form.
struct SignedNote {
    struct Signature {
        var name: String
        var keyID: [UInt8]
        var signature: [UInt8]
    }

    var body: String
    var checkpoint: Checkpoint
    var signatures: [Signature]

    init(_ note: String) throws(CheckpointError) {
        guard let blank = note.range(of: "\n\n") else { throw .malformed("no blank line between the body and the signatures") }
        body = String(note[..<blank.lowerBound]) + "\n"
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard lines.count >= 3 else { throw .malformed("the body must have origin, size and root lines") }
        let origin = String(lines[0])
        guard !origin.isEmpty else { throw .malformed("the origin line is empty") }
        let sizeText = lines[1]
        guard let size = Int(sizeText), size >= 0, String(size) == sizeText else {
            throw .malformed("the size line is not a decimal number without leading zeros")
        }
        guard let rootBytes = Data(base64Encoded: String(lines[2])), let root = MerkleHash(rootBytes) else {
            throw .malformed("the root line is not base64 of a 32-byte hash")
        }
        checkpoint = Checkpoint(origin: origin, size: size, root: root)

        let signatureText = note[blank.upperBound...]
        guard signatureText.hasSuffix("\n") else { throw .malformed("the note does not end with a newline") }
        signatures = []
        for line in signatureText.dropLast().split(separator: "\n", omittingEmptySubsequences: false) {
            let parts = line.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0] == "\u{2014}", !parts[1].isEmpty,
                  let decoded = Data(base64Encoded: String(parts[2])), decoded.count > 4 else {
                throw .malformed("a signature line is not '\u{2014} <key name> <base64 signature>'")
            }
            signatures.append(Signature(name: String(parts[1]), keyID: Array(decoded.prefix(4)), signature: Array(decoded.dropFirst(4))))
        }
        guard !signatures.isEmpty else { throw .malformed("there is no signature line") }
    }
}
