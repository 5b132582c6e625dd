import Crypto

/// Deterministic event ids: the same source record, at the same version, always yields the same
/// `event_id`, so a re-delivery after a crash or a replay is recognisably the same event.
public enum EventID {
    /// SHA-256 (lower-case hex) over the source system, organisation, record id, the record's
    /// version, the event type and the event's ordinal within the record (one record can yield
    /// several events). When the source gives no version, a SHA-256 of the record's content
    /// stands in for it, so an edited record is a new event and an unchanged one is not.
    ///
    /// Each part is length-prefixed, so no choice of separators inside values can make two
    /// different inputs collide.
    public static func derive(
        system: String, orgCode: String, recordID: String, recordVersion: String?, content: [UInt8],
        eventType: EventType, ordinal: Int = 0
    ) -> String {
        let version = recordVersion ?? "sha256:" + hex(SHA256.hash(data: content))
        var hasher = SHA256()
        for part in ["eyh.event-id.v1", system, orgCode, recordID, version, eventType.rawValue, String(ordinal)] {
            let bytes = Array(part.utf8)
            withUnsafeBytes(of: UInt64(bytes.count).bigEndian) { hasher.update(bufferPointer: $0) }
            hasher.update(data: bytes)
        }
        return hex(hasher.finalize())
    }

    /// Lower-case hex of any bytes: how the hub writes digests (event ids, audit leaf hashes).
    public static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
