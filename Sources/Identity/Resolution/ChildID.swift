import Crypto
import Foundation

/// Makes hub child ids: pseudonymous, stable, and impossible to work out from any identifier
/// without the hub's secret. An id is `ch_` and the first 32 hex digits of HMAC-SHA256, keyed by
/// the secret, of the source subject key of the first record that made the child. The source
/// subject key is itself a digest, so not even that key's identifier is in the id's preimage in
/// the clear; and because the id depends on the key alone, re-processing the same record after a
/// crash makes the same id.
public struct ChildIDMaker: Sendable {
    /// The secret's bytes (`SymmetricKey` is not `Sendable`; one is made per id).
    private let secret: [UInt8]

    /// The secret must be at least 32 bytes.
    public init(secret: [UInt8]) throws(ChildIDError) {
        guard secret.count >= 32 else { throw ChildIDError(reason: "the child id secret must be at least 32 bytes (it has \(secret.count))") }
        self.secret = secret
    }

    /// Reads the secret from a file (its bytes, with one trailing newline ignored). The error
    /// never quotes the file's content.
    public init(secretFile: URL) throws(ChildIDError) {
        guard var bytes = FileManager.default.contents(atPath: secretFile.path).map(Array.init) else {
            throw ChildIDError(reason: "cannot read the child id secret file \(secretFile.path)")
        }
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        try self.init(secret: bytes)
    }

    static let label = Array("eyh.child-id.v1\u{1F}".utf8)

    public func childID(forSourceKey sourceKey: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Self.label + Array(sourceKey.utf8), using: SymmetricKey(data: secret))
        let hex = mac.prefix(16).map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
        return "ch_" + hex
    }
}

public struct ChildIDError: Error, CustomStringConvertible, Sendable {
    public var reason: String
    public var description: String { reason }
}
