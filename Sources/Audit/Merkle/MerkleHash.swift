import Crypto
import EarlyYearsSchema

/// A SHA-256 value in the audit log's Merkle tree (RFC 9162 §2.1.1): a leaf's hash, a subtree's
/// hash or a tree's root.
public struct MerkleHash: Sendable, Hashable, CustomStringConvertible {
    /// Always 32 bytes.
    public let bytes: [UInt8]

    /// Fails (returns nil) unless `bytes` holds exactly 32 bytes.
    public init?(_ bytes: some Collection<UInt8>) {
        guard bytes.count == SHA256.byteCount else { return nil }
        self.bytes = Array(bytes)
    }

    private init(digest: SHA256.Digest) {
        bytes = Array(digest)
    }

    /// Lower-case hex, 64 digits: how leaf lists and proofs write a hash.
    public init?(hex: some StringProtocol) {
        let digits = Array(hex.utf8)
        guard digits.count == 2 * SHA256.byteCount else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(SHA256.byteCount)
        for pair in stride(from: 0, to: digits.count, by: 2) {
            guard let high = Self.nibble(digits[pair]), let low = Self.nibble(digits[pair + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self.bytes = bytes
    }

    public var hex: String { EventID.hex(bytes) }

    public var description: String { hex }

    /// The hash of an empty tree: SHA-256 of nothing.
    public static let emptyTree = MerkleHash(digest: SHA256.hash(data: [UInt8]()))

    /// A leaf's hash: SHA-256(0x00 ‖ entry). The prefix keeps a leaf from passing for a node.
    public static func leaf(_ entry: some Collection<UInt8>) -> MerkleHash {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: Array(entry))
        return MerkleHash(digest: hasher.finalize())
    }

    /// An interior node's hash: SHA-256(0x01 ‖ left ‖ right).
    public static func node(_ left: MerkleHash, _ right: MerkleHash) -> MerkleHash {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left.bytes)
        hasher.update(data: right.bytes)
        return MerkleHash(digest: hasher.finalize())
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
