import Crypto
import Foundation
import Mapping

/// Checks a webhook request's credentials: a bearer token, or a hex HMAC of the raw body.
///
/// Secrets are read once, at start-up. Comparisons take the same time wherever the first
/// difference is, so a caller cannot find a valid token or signature byte by byte.
public struct WebhookAuthenticator: Sendable {
    enum Method: Sendable {
        case bearer(token: [UInt8])
        case hmac(header: String, algorithm: AdapterDefinition.Webhook.HMACAlgorithm, prefix: String, key: [UInt8])
    }

    let method: Method

    public init(_ auth: AdapterDefinition.Webhook.Auth, relativeTo directory: URL) throws {
        switch auth {
        case .bearer(let secret):
            method = .bearer(token: Array(try secret.read(relativeTo: directory).utf8))
        case .hmac(let header, let algorithm, let prefix, let secret):
            method = .hmac(header: header, algorithm: algorithm, prefix: prefix, key: Array(try secret.read(relativeTo: directory).utf8))
        }
    }

    /// Whether the body must be read before the request can be checked.
    public var needsBody: Bool {
        if case .hmac = method { return true }
        return false
    }

    /// Checks the request, given a way to read one header (case-insensitive) and the raw body.
    public func isAuthorized(header: (String) -> String?, body: [UInt8]) -> Bool {
        switch method {
        case .bearer(let token):
            guard let value = header("Authorization"), value.count > 7, value.prefix(7).lowercased() == "bearer " else { return false }
            return Self.constantTimeEquals(Array(value.dropFirst(7).utf8), token)
        case .hmac(let name, let algorithm, let prefix, let key):
            guard let value = header(name), value.hasPrefix(prefix),
                  let received = Self.hexBytes(value.dropFirst(prefix.count)) else { return false }
            return Self.constantTimeEquals(received, Self.code(body, algorithm: algorithm, key: key))
        }
    }

    /// The header a sender attaches to `body`: what a source system (or `eyhub demo`) must send.
    public func credentials(for body: [UInt8]) -> (name: String, value: String) {
        switch method {
        case .bearer(let token):
            ("Authorization", "Bearer " + String(decoding: token, as: UTF8.self))
        case .hmac(let name, let algorithm, let prefix, let key):
            (name, prefix + Self.code(body, algorithm: algorithm, key: key).map { String(format: "%02x", $0) }.joined())
        }
    }

    private static func code(_ body: [UInt8], algorithm: AdapterDefinition.Webhook.HMACAlgorithm, key: [UInt8]) -> [UInt8] {
        // The key stays as bytes: swift-crypto 3's SymmetricKey is not Sendable.
        switch algorithm {
        case .sha256: Array(HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: key)))
        case .sha512: Array(HMAC<SHA512>.authenticationCode(for: body, using: SymmetricKey(data: key)))
        }
    }

    /// Equal lengths and bytes, in time that depends only on the lengths.
    static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    /// Hex digits (either case) as bytes, or `nil` if the text is not an even run of hex digits.
    static func hexBytes(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard !digits.isEmpty, digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for pair in stride(from: 0, to: digits.count, by: 2) {
            guard let high = nibble(digits[pair]), let low = nibble(digits[pair + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
