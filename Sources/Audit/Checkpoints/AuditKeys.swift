import Crypto
import EarlyYearsSchema
import Foundation

/// The Ed25519 key that signs the audit log's checkpoints, with the name its signatures carry.
///
/// On disk (`eyhub audit keygen`), in the signed-note key formats, one line each:
/// - private, mode 0600: `PRIVATE+KEY+<name>+<key id, 8 hex>+<base64(0x01 ‖ 32-byte seed)>`
/// - public (`<file>.pub`): `<name>+<key id, 8 hex>+<base64(0x01 ‖ 32-byte public key)>`
///
/// 0x01 names the algorithm (Ed25519). The key id is the first four bytes of
/// SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), so a signature line names the key that made it.
public struct AuditSigningKey: Sendable {
    public let name: String
    /// The 32-byte seed. Kept as bytes, not as swift-crypto's key (which is not `Sendable`).
    private let seed: [UInt8]
    private var key: Curve25519.Signing.PrivateKey {
        // The seed was read from a valid key, so making the key again cannot fail.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: seed)
    }

    /// A new random key.
    public init(name: String) throws(AuditKeyError) {
        try AuditKeyError.check(name: name)
        self.name = name
        seed = Array(Curve25519.Signing.PrivateKey().rawRepresentation)
    }

    public var verifyingKey: AuditVerifyingKey {
        AuditVerifyingKey(checkedName: name, publicKey: Array(key.publicKey.rawRepresentation))
    }

    /// The private key file's line. Never log or print it.
    public var fileText: String {
        "PRIVATE+KEY+\(name)+\(verifyingKey.keyIDHex)+\(Data([0x01] + seed).base64EncodedString())\n"
    }

    public init(fileText: String) throws(AuditKeyError) {
        let line = fileText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard line.hasPrefix("PRIVATE+KEY+") else { throw .malformed("it does not start with PRIVATE+KEY+") }
        let (name, keyID, raw) = try Self.fields(String(line.dropFirst("PRIVATE+KEY+".count)))
        guard (try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)) != nil else { throw .malformed("the key is not an Ed25519 seed") }
        self.name = name
        seed = raw
        guard verifyingKey.keyIDHex == keyID else { throw .malformed("the key id does not match the key") }
    }

    /// Reads a private key file, refusing one that its group or others may read or write: a
    /// signing key anyone else can read lets them sign a false history.
    public init(contentsOf url: URL) throws(AuditKeyError) {
        let attributes: [FileAttributeKey: Any]
        do { attributes = try FileManager.default.attributesOfItem(atPath: url.path) } catch {
            throw .unreadable(url.path, "it does not exist or cannot be read")
        }
        let permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
        guard permissions & 0o077 == 0 else {
            throw .unreadable(url.path, "its permissions are \(String(permissions, radix: 8)): others may read it; run `chmod 600 \(url.path)`")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else { throw .unreadable(url.path, "it cannot be read") }
        do { try self.init(fileText: String(decoding: data, as: UTF8.self)) } catch {
            throw .unreadable(url.path, error.description)
        }
    }

    /// Writes the private key (mode 0600, refusing to replace a file) and its public key beside it.
    public func write(to url: URL) throws(AuditKeyError) {
        let publicURL = URL(fileURLWithPath: url.path + ".pub")
        for existing in [url, publicURL] where FileManager.default.fileExists(atPath: existing.path) {
            throw .unwritable(existing.path, "it already exists; keys are never overwritten")
        }
        guard FileManager.default.createFile(atPath: url.path, contents: Data(fileText.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw .unwritable(url.path, "it cannot be created")
        }
        guard FileManager.default.createFile(atPath: publicURL.path, contents: Data(verifyingKey.fileText.utf8),
                                             attributes: [.posixPermissions: 0o644]) else {
            throw .unwritable(publicURL.path, "it cannot be created")
        }
    }

    func signature(of message: [UInt8]) throws(AuditKeyError) -> [UInt8] {
        do { return Array(try key.signature(for: message)) } catch { throw .malformed("signing failed") }
    }

    /// Splits `<name>+<key id>+<base64(0x01 ‖ 32 bytes)>`.
    static func fields(_ text: String) throws(AuditKeyError) -> (name: String, keyID: String, raw: [UInt8]) {
        // Names have no '+'; base64 may.
        let parts = text.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformed("expected <name>+<key id>+<key>") }
        let name = String(parts[0])
        try AuditKeyError.check(name: name)
        guard let decoded = Data(base64Encoded: String(parts[2])), decoded.count == 33, decoded.first == 0x01 else {
            throw .malformed("the key is not base64 of 0x01 and 32 bytes (an Ed25519 key)")
        }
        return (name, String(parts[1]), Array(decoded.dropFirst()))
    }
}

/// The public half: what an auditor holds to check checkpoints.
public struct AuditVerifyingKey: Sendable, Hashable {
    public let name: String
    /// The 32-byte Ed25519 public key.
    public let publicKey: [UInt8]
    /// First four bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).
    public let keyID: [UInt8]

    init(checkedName name: String, publicKey: [UInt8]) {
        self.name = name
        self.publicKey = publicKey
        keyID = Array(SHA256.hash(data: Array(name.utf8) + [0x0A, 0x01] + publicKey).prefix(4))
    }

    public var keyIDHex: String { EventID.hex(keyID) }

    public var fileText: String {
        "\(name)+\(keyIDHex)+\(Data([0x01] + publicKey).base64EncodedString())\n"
    }

    public init(fileText: String) throws(AuditKeyError) {
        let (name, keyID, raw) = try AuditSigningKey.fields(fileText.trimmingCharacters(in: .whitespacesAndNewlines))
        guard (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil else { throw .malformed("the key is not an Ed25519 public key") }
        self.init(checkedName: name, publicKey: raw)
        guard keyIDHex == keyID else { throw .malformed("the key id does not match the key") }
    }

    public init(contentsOf url: URL) throws(AuditKeyError) {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .unreadable(url.path, "it does not exist or cannot be read")
        }
        do { try self.init(fileText: String(decoding: data, as: UTF8.self)) } catch {
            throw .unreadable(url.path, error.description)
        }
    }

    func isValidSignature(_ signature: [UInt8], of message: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: message)
    }
}

/// Why a key could not be made, read or written. Never holds key material.
public enum AuditKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    case malformed(String)
    case unreadable(String, String)
    case unwritable(String, String)

    public var description: String {
        switch self {
        case .malformed(let reason): "not an audit key: \(reason)"
        case .unreadable(let path, let reason): "cannot use the key file \(path): \(reason)"
        case .unwritable(let path, let reason): "cannot write the key file \(path): \(reason)"
        }
    }

    /// A key name is one non-empty word of printable characters (it ends a signature line).
    static func check(name: String) throws(AuditKeyError) {
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "+" }) else {
            throw .malformed("a key name must be non-empty printable ASCII without spaces or +")
        }
    }
}
