import Foundation

/// The two sets of characters the transforms trim, as Foundation defines them.
enum TrimmedSpace {
    /// `CharacterSet.whitespaces`: its ASCII members are space and tab.
    case whitespaces
    /// `CharacterSet.whitespacesAndNewlines`: its ASCII members are space and tab to carriage return.
    case whitespacesAndNewlines

    var characterSet: CharacterSet {
        switch self {
        case .whitespaces: .whitespaces
        case .whitespacesAndNewlines: .whitespacesAndNewlines
        }
    }

    func contains(ascii byte: UInt8) -> Bool {
        switch self {
        case .whitespaces: byte == 0x20 || byte == 0x09
        case .whitespacesAndNewlines: byte == 0x20 || (0x09...0x0D).contains(byte)
        }
    }
}

extension Substring {
    /// What `trimmingCharacters(in: space.characterSet)` returns. When both ends, once their ASCII
    /// spaces are dropped, are ASCII, no other member of the set can be next to them and the
    /// bytes are trimmed here; otherwise (a Unicode space, or a mark, at an end) Foundation trims.
    func trimming(_ space: TrimmedSpace) -> String {
        let bytes = utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, space.contains(ascii: bytes[start]) { bytes.formIndex(after: &start) }
        while start < end, space.contains(ascii: bytes[bytes.index(before: end)]) { bytes.formIndex(before: &end) }
        if start == end { return "" }
        guard bytes[start] < 0x80, bytes[bytes.index(before: end)] < 0x80 else {
            return trimmingCharacters(in: space.characterSet)
        }
        return String(self[start..<end])
    }
}

extension String {
    /// What `trimmingCharacters(in: space.characterSet)` returns (see ``Substring/trimming(_:)``).
    func trimming(_ space: TrimmedSpace) -> String { self[...].trimming(space) }
}
