import Foundation

/// A JSON-shaped value, for making events and writing their canonical JSON without a JSON text in
/// between: ``EarlyYearsEvent/init(tree:)`` decodes one through the model's own `Codable`
/// conformance (so every rule, error and coding path is the decoder's), and
/// ``EarlyYearsEvent/canonicalJSON()`` writes the bytes ``EarlyYearsEvent/encoder()`` writes.
///
/// The event model holds no `Date`, `Data`, `URL` or `Decimal`, which `JSONEncoder` and
/// `JSONDecoder` would treat specially; everything else is as they do it.
public enum EventTree: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([EventTree])
    case object(EventObject)

    /// How keys are ordered and `/` is written.
    public enum Style: Sendable {
        /// As `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` writes: keys in
        /// `String` order, `/` as is.
        case encoder
        /// As `JSONSerialization` with `.sortedKeys` writes (Foundation's numeric, case-insensitive
        /// key order; `/` escaped).
        case serialization
    }

    /// The JSON text, with no whitespace. A non-finite number, which JSON cannot hold, is an
    /// error (as it is for `JSONEncoder` and `JSONSerialization`).
    public func json(style: Style) throws(NonFiniteNumber) -> [UInt8] {
        var writer = JSONByteWriter(capacity: 1_024)
        try write(into: &writer, style: style)
        return writer.bytes()
    }

    public struct NonFiniteNumber: Error, Sendable {}

    func write(into bytes: inout JSONByteWriter, style: Style) throws(NonFiniteNumber) {
        switch self {
        case .null: bytes.append(ascii: "null")
        case .bool(let value): bytes.append(ascii: value ? "true" : "false")
        case .int(let value): bytes.append(decimal: value)
        case .double(let value):
            guard value.isFinite else { throw NonFiniteNumber() }
            // A whole number well inside the range `description` writes without an exponent is
            // its integer's digits (the description's, less the ".0"), made without a `String`.
            if value == value.rounded(.towardZero), abs(value) < 1e15, value != 0 || value.sign == .plus {
                bytes.append(decimal: Int(value))
                return
            }
            // Both Foundation writers print `description` without a trailing ".0".
            var text = value.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            bytes.append(ascii: text)
        case .string(let text): bytes.append(quoting: text, escapeSlash: style == .serialization)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            var first = true
            for element in elements {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                try element.write(into: &bytes, style: style)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            // The members are kept in the encoder's order; the serialization order is Foundation's.
            let ordered = style == .encoder ? members.storage : Self.inSerializationOrder(members.storage)
            var first = true
            for member in ordered {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                bytes.append(quoting: member.key, escapeSlash: style == .serialization)
                bytes.append(UInt8(ascii: ":"))
                try member.value.write(into: &bytes, style: style)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Members in `JSONSerialization`'s key order (Foundation's compare with `.numeric`,
    /// `.caseInsensitive` and `.forcedOrdering`). Keys made of lower-case ASCII letters, digits
    /// and `_` (every name in the schema) are ordered here: `_`, then numbers by value, then
    /// letters. Any other key, or numbers equal in value but written differently, are left to
    /// Foundation. Each key's bytes are made once, not for every comparison.
    static func inSerializationOrder(_ members: [EventObject.Member]) -> [EventObject.Member] {
        // Keys of lower-case letters and `_` alone are in the same order both ways (`_` before the
        // letters, which compare as bytes): the members are already in it.
        let lettersOnly = members.allSatisfy { member in member.key.utf8.allSatisfy { $0 == UInt8(ascii: "_") || (0x61...0x7A).contains($0) } }
        if lettersOnly { return members }
        let keyed = members.map { (bytes: Array($0.key.utf8), member: $0) }
        return keyed.sorted { simpleOrder($0.bytes, $1.bytes) ?? foundationOrder($0.member.key, $1.member.key) }.map(\.member)
    }

    private static func foundationOrder(_ a: String, _ b: String) -> Bool {
        a.compare(b, options: [.numeric, .caseInsensitive, .forcedOrdering], range: a.startIndex..<a.endIndex, locale: Locale.current) == .orderedAscending
    }

    private static func simpleOrder(_ a: [UInt8], _ b: [UInt8]) -> Bool? {
        func isSimple(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "_") || (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte) }
        guard a.allSatisfy(isSimple), b.allSatisfy(isSimple) else { return nil }
        func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
        func rank(_ byte: UInt8) -> Int { byte == UInt8(ascii: "_") ? 0 : isDigit(byte) ? 1 : 2 }
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            if isDigit(a[i]) && isDigit(b[j]) {
                let startA = i
                let startB = j
                while i < a.count && isDigit(a[i]) { i += 1 }
                while j < b.count && isDigit(b[j]) { j += 1 }
                let digitsA = a[startA..<i].drop { $0 == UInt8(ascii: "0") }
                let digitsB = b[startB..<j].drop { $0 == UInt8(ascii: "0") }
                if digitsA.count != digitsB.count { return digitsA.count < digitsB.count }
                if !digitsA.elementsEqual(digitsB) { return digitsA.lexicographicallyPrecedes(digitsB) }
                // Equal values written with different zeros: Foundation's tie-breaking decides.
                if i - startA != j - startB { return nil }
                continue
            }
            if a[i] != b[j] {
                let (rankA, rankB) = (rank(a[i]), rank(b[j]))
                return rankA != rankB ? rankA < rankB : a[i] < b[j]
            }
            i += 1
            j += 1
        }
        return a.count - i < b.count - j
    }
}

extension EarlyYearsEvent {
    /// Decodes an event from a tree exactly as `JSONDecoder` decodes the tree's JSON text: the
    /// same checks, and errors with the same coding paths.
    public init(tree: EventTree) throws {
        self = try Self.decoded(from: tree).event
    }

    /// Decodes an event as ``init(tree:)`` does, and returns with it the event's own ``tree()``,
    /// which the check for properties the model does not define has already made: the caller can
    /// write the event's canonical JSON from it without encoding the event again.
    public static func decoded(from tree: EventTree) throws -> (event: EarlyYearsEvent, tree: EventTree) {
        // Read member by member when the tree has exactly the expected shape; otherwise (or on
        // any error) decoded generically, which gives JSONDecoder's error.
        var exact = false
        let shaped = try? EarlyYearsEvent(shapedAs: tree, exact: &exact)
        if let shaped, exact {
            // Every member was read as it is and nothing is left over: the event's own tree is
            // the one given, with the findings the model always writes.
            var understood = tree
            try shaped.updateDataQuality(in: &understood)
            return (shaped, understood)
        }
        let event = try shaped ?? EarlyYearsEvent(members: EventTreeDecoder(value: tree, codingPath: []))
        let understood = try event.tree()
        if let path = tree.firstPath(notIn: understood) {
            throw undefinedProperty(path, eventType: event.eventType, codingPath: [])
        }
        return (event, understood)
    }

    /// Makes `tree`, the event's ``tree()`` before a change to nothing but `dataQuality`, the
    /// tree after it: only the findings are encoded, and the members are changed in place.
    public func updateDataQuality(in tree: inout EventTree) throws {
        guard case .object(var members) = tree else {
            tree = try self.tree()
            return
        }
        tree = .null // so that `members` is the only reference, and is not copied
        members[CodingKeys.dataQuality.stringValue] = dataQualityTree
        tree = .object(members)
    }
}

extension EventTree {
    /// The dotted path of the first object member in `self` that `other` lacks at the same place,
    /// keys taken in sorted order. Only structure is compared: a member whose value is `null`
    /// counts as absent from `other`, because the model encodes no `null`s.
    func firstPath(notIn other: EventTree) -> String? {
        // Most trees have no such member: that is found without sorting keys or making paths.
        guard !isContained(in: other) else { return nil }
        return firstPathSorted(notIn: other, at: "")
    }

    /// Whether every object member in `self` is in `other` at the same place (array elements
    /// beyond `other`'s count are not compared, as ``firstPath(notIn:)`` does not).
    private func isContained(in other: EventTree) -> Bool {
        switch (self, other) {
        case (.object(let mine), .object(let theirs)):
            for (key, value) in mine {
                guard let counterpart = theirs[key], value.isContained(in: counterpart) else { return false }
            }
            return true
        case (.array(let mine), .array(let theirs)):
            return zip(mine, theirs).allSatisfy { $0.isContained(in: $1) }
        default:
            return true
        }
    }

    private func firstPathSorted(notIn other: EventTree, at path: String) -> String? {
        switch (self, other) {
        case (.object(let mine), .object(let theirs)):
            for (key, value) in mine {
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                guard let counterpart = theirs[key] else { return childPath }
                if let found = value.firstPathSorted(notIn: counterpart, at: childPath) { return found }
            }
            return nil
        case (.array(let mine), .array(let theirs)):
            for (index, element) in mine.enumerated() where index < theirs.count {
                if let found = element.firstPathSorted(notIn: theirs[index], at: "\(path)[\(index)]") { return found }
            }
            return nil
        default:
            return nil
        }
    }
}

extension EventTree: Decodable {
    /// Any JSON value, as a generic decoder hands it over: used to find members of an input that
    /// the typed model did not take up (only its structure matters there).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([EventTree].self) {
            self = .array(value)
        } else {
            self = .object(EventObject(try container.decode([String: EventTree].self)))
        }
    }
}
