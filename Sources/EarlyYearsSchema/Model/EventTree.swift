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
    case object([String: EventTree])

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
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1_024)
        try write(into: &bytes, style: style)
        return bytes
    }

    public struct NonFiniteNumber: Error, Sendable {}

    /// Whether any number in the tree is infinite or not a number.
    public var hasNonFiniteNumber: Bool {
        switch self {
        case .double(let value): !value.isFinite
        case .array(let elements): elements.contains { $0.hasNonFiniteNumber }
        case .object(let members): members.values.contains { $0.hasNonFiniteNumber }
        default: false
        }
    }

    func write(into bytes: inout [UInt8], style: Style) throws(NonFiniteNumber) {
        switch self {
        case .null: bytes += Self.nullBytes
        case .bool(let value): bytes += value ? Self.trueBytes : Self.falseBytes
        case .int(let value): bytes += String(value).utf8
        case .double(let value):
            guard value.isFinite else { throw NonFiniteNumber() }
            // Both Foundation writers print `description` without a trailing ".0".
            var text = value.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            bytes += text.utf8
        case .string(let text): Self.writeString(text, into: &bytes, escapeSlash: style == .serialization)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                try element.write(into: &bytes, style: style)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            let keys = style == .encoder ? members.keys.sorted() : members.keys.sorted(by: Self.serializationOrder)
            for (index, key) in keys.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                Self.writeString(key, into: &bytes, escapeSlash: style == .serialization)
                bytes.append(UInt8(ascii: ":"))
                try members[key]!.write(into: &bytes, style: style)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private static let nullBytes = Array("null".utf8)
    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Escapes `"` and `\`, control characters as `\b \t \n \f \r` or `\u00xx`, and `/` when
    /// asked; everything else, non-ASCII included, is written as UTF-8.
    static func writeString(_ text: String, into bytes: inout [UInt8], escapeSlash: Bool) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "/") where escapeSlash: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "/")]
            case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x00..<0x20:
                bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `JSONSerialization`'s key order (Foundation's compare with `.numeric`, `.caseInsensitive`
    /// and `.forcedOrdering`). Keys made of lower-case ASCII letters, digits and `_` (every name
    /// in the schema) are ordered here: `_`, then numbers by value, then letters. Any other key,
    /// or numbers equal in value but written differently, are left to Foundation.
    static func serializationOrder(_ a: String, _ b: String) -> Bool {
        if let ordered = simpleOrder(Array(a.utf8), Array(b.utf8)) { return ordered }
        return a.compare(b, options: [.numeric, .caseInsensitive, .forcedOrdering], range: a.startIndex..<a.endIndex, locale: Locale.current) == .orderedAscending
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
        let event = try (try? EarlyYearsEvent(shapedAs: tree)) ?? EarlyYearsEvent(members: EventTreeDecoder(value: tree, codingPath: []))
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
    /// exactly as ``JSONValue/firstPath(notIn:at:)`` finds it in the two trees' JSON values.
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
            for key in mine.keys.sorted() {
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                guard let counterpart = theirs[key] else { return childPath }
                if let found = mine[key]!.firstPathSorted(notIn: counterpart, at: childPath) { return found }
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

extension JSONValue {
    init(_ tree: EventTree) {
        switch tree {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .int(let value): self = .number(Double(value))
        case .double(let value): self = .number(value)
        case .string(let value): self = .string(value)
        case .array(let elements): self = .array(elements.map(JSONValue.init))
        case .object(let members): self = .object(members.mapValues(JSONValue.init))
        }
    }
}

// MARK: - Decoding

/// A coding path key for an array index, named as `JSONDecoder` names it.
struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String
    init(intValue: Int) {
        self.intValue = intValue
        stringValue = "Index \(intValue)"
    }
    init?(stringValue: String) { nil }
}

/// A coding path kept as the path of the container a value is in and the value's own key, so
/// that the value's full path is put together only when something asks for it (mostly an error)
/// instead of for every value decoded or encoded.
struct LazyCodingPath {
    let parent: [any CodingKey]
    let last: (any CodingKey)?

    init(_ keys: [any CodingKey]) {
        parent = keys
        last = nil
    }

    init(_ parent: [any CodingKey], _ last: any CodingKey) {
        self.parent = parent
        self.last = last
    }

    var keys: [any CodingKey] { last.map { parent + [$0] } ?? parent }
}

struct EventTreeDecoder: Decoder {
    let value: EventTree
    let path: LazyCodingPath
    var codingPath: [any CodingKey] { path.keys }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(value: EventTree, path: LazyCodingPath) {
        self.value = value
        self.path = path
    }

    init(value: EventTree, codingPath: [any CodingKey]) {
        self.init(value: value, path: LazyCodingPath(codingPath))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        switch value {
        case .object(let members): return KeyedDecodingContainer(KeyedContainer<Key>(members: members, codingPath: codingPath))
        case .null: throw DecodingError.valueNotFound([String: Any].self, .init(codingPath: codingPath, debugDescription: "Cannot get keyed decoding container -- found null value instead"))
        default: throw DecodingError.typeMismatch([String: Any].self, .init(codingPath: codingPath, debugDescription: "Expected to decode a dictionary but found \(value.kind) instead."))
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        switch value {
        case .array(let elements): return UnkeyedContainer(elements: elements, codingPath: codingPath)
        case .null: throw DecodingError.valueNotFound([Any].self, .init(codingPath: codingPath, debugDescription: "Cannot get unkeyed decoding container -- found null value instead"))
        default: throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "Expected to decode an array but found \(value.kind) instead."))
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleValueContainer(value: value, path: path) }

    /// Decodes one value the way `JSONDecoder` does from the value's JSON text.
    static func decode<T: Decodable>(_ type: T.Type, from value: EventTree, at path: LazyCodingPath) throws -> T {
        func mismatch(_ expected: String) -> DecodingError {
            let codingPath = path.keys
            if case .null = value {
                return DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "Expected \(type) value but found null instead."))
            }
            return DecodingError.typeMismatch(type, .init(codingPath: codingPath, debugDescription: "Expected to decode \(expected) but found \(value.kind) instead."))
        }
        if T.self != String.self && T.self != Bool.self && T.self != Double.self && T.self != Int.self && T.self != JSONValue.self {
            return try T(from: EventTreeDecoder(value: value, path: path))
        }
        // Metatype comparisons: cheaper than casting the metatype.
        switch ObjectIdentifier(type) {
        case ObjectIdentifier(String.self):
            guard case .string(let text) = value else { throw mismatch("String") }
            return text as! T
        case ObjectIdentifier(Bool.self):
            guard case .bool(let flag) = value else { throw mismatch("Bool") }
            return flag as! T
        case ObjectIdentifier(Double.self):
            switch value {
            case .int(let number): return Double(number) as! T
            case .double(let number): return number as! T
            default: throw mismatch("Double")
            }
        case ObjectIdentifier(Int.self):
            switch value {
            case .int(let number): return number as! T
            case .double(let number):
                // JSON text writes an integral double without a fraction, which reads as an Int;
                // any other number JSONDecoder refuses as if the whole text were invalid (no path).
                guard number.rounded() == number, let exact = Int(exactly: number) else {
                    throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "The given data was not valid JSON."))
                }
                return exact as! T
            default: throw mismatch("Int")
            }
        case ObjectIdentifier(JSONValue.self):
            return JSONValue(value) as! T
        default:
            return try T(from: EventTreeDecoder(value: value, path: path))
        }
    }

    struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let members: [String: EventTree]
        let codingPath: [any CodingKey]
        var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

        private func member(_ key: Key) throws -> EventTree {
            guard let value = members[key.stringValue] else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "No value associated with key \(key.stringValue)."))
            }
            return value
        }

        func decodeNil(forKey key: Key) throws -> Bool {
            if case .null = try member(key) { return true }
            return false
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try EventTreeDecoder.decode(type, from: try member(key), at: LazyCodingPath(codingPath, key))
        }

        // The common types without a dynamic cast.
        func decode(_ type: String.Type, forKey key: Key) throws -> String {
            if case .string(let text)? = members[key.stringValue] { return text }
            return try EventTreeDecoder.decode(type, from: try member(key), at: LazyCodingPath(codingPath, key))
        }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
            if case .bool(let flag)? = members[key.stringValue] { return flag }
            return try EventTreeDecoder.decode(type, from: try member(key), at: LazyCodingPath(codingPath, key))
        }

        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
            switch members[key.stringValue] {
            case nil, .null?: return nil
            case .string(let text)?: return text
            case let value?: return try EventTreeDecoder.decode(type, from: value, at: LazyCodingPath(codingPath, key))
            }
        }

        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            guard let value = members[key.stringValue] else { return nil }
            if case .null = value { return nil }
            return try EventTreeDecoder.decode(type, from: value, at: LazyCodingPath(codingPath, key))
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try EventTreeDecoder(value: try member(key), path: LazyCodingPath(codingPath, key)).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try EventTreeDecoder(value: try member(key), path: LazyCodingPath(codingPath, key)).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder {
            EventTreeDecoder(value: members["super"] ?? .null, path: LazyCodingPath(codingPath, IndexKey.superKey))
        }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            EventTreeDecoder(value: members[key.stringValue] ?? .null, path: LazyCodingPath(codingPath, key))
        }
    }

    struct UnkeyedContainer: UnkeyedDecodingContainer {
        let elements: [EventTree]
        let codingPath: [any CodingKey]
        var currentIndex = 0
        var count: Int? { elements.count }
        var isAtEnd: Bool { currentIndex >= elements.count }

        init(elements: [EventTree], codingPath: [any CodingKey]) {
            self.elements = elements
            self.codingPath = codingPath
        }

        private mutating func next<T>(_ type: T.Type) throws -> (EventTree, LazyCodingPath) {
            let path = LazyCodingPath(codingPath, IndexKey(intValue: currentIndex))
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(type, .init(codingPath: path.keys, debugDescription: "Unkeyed container is at end."))
            }
            defer { currentIndex += 1 }
            return (elements[currentIndex], path)
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(Any?.self, .init(codingPath: codingPath + [IndexKey(intValue: currentIndex)], debugDescription: "Unkeyed container is at end."))
            }
            if case .null = elements[currentIndex] {
                currentIndex += 1
                return true
            }
            return false
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let (value, path) = try next(type)
            return try EventTreeDecoder.decode(type, from: value, at: path)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            let (value, path) = try next(KeyedDecodingContainer<NestedKey>.self)
            return try EventTreeDecoder(value: value, path: path).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            let (value, path) = try next((any UnkeyedDecodingContainer).self)
            return try EventTreeDecoder(value: value, path: path).unkeyedContainer()
        }

        mutating func superDecoder() throws -> any Decoder {
            let (value, path) = try next((any Decoder).self)
            return EventTreeDecoder(value: value, path: path)
        }
    }

    struct SingleValueContainer: SingleValueDecodingContainer {
        let value: EventTree
        let path: LazyCodingPath
        var codingPath: [any CodingKey] { path.keys }

        func decodeNil() -> Bool {
            if case .null = value { return true }
            return false
        }

        func decode<T: Decodable>(_ type: T.Type) throws -> T { try EventTreeDecoder.decode(type, from: value, at: path) }

        func decode(_ type: String.Type) throws -> String {
            if case .string(let text) = value { return text }
            return try EventTreeDecoder.decode(type, from: value, at: path)
        }
    }
}

extension IndexKey {
    static var superKey: IndexKey {
        var key = IndexKey(intValue: 0)
        key.intValue = nil
        key.stringValue = "super"
        return key
    }
}

extension EventTree {
    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int, .double: "number"
        case .string: "a string"
        case .array: "array"
        case .object: "a dictionary"
        }
    }
}

// MARK: - Encoding

/// Where an encoder writes: one value, or the members of an object or array still being filled.
final class EncodingBox {
    var value: EventTree?
    var object: [String: EncodingBox]?
    var array: [EncodingBox]?

    var tree: EventTree {
        if let object { return .object(object.mapValues(\.tree)) }
        if let array { return .array(array.map(\.tree)) }
        return value ?? .object([:])
    }
}

struct EventTreeEncoder: Encoder {
    let box: EncodingBox
    let path: LazyCodingPath
    var codingPath: [any CodingKey] { path.keys }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(box: EncodingBox, path: LazyCodingPath) {
        self.box = box
        self.path = path
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if box.object == nil { box.object = [:] }
        return KeyedEncodingContainer(KeyedContainer<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if box.array == nil { box.array = [] }
        return UnkeyedContainer(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleValueContainer(box: box, path: path) }

    /// Writes one value: the four types JSON holds as values directly (told apart by comparing
    /// metatypes, which is cheaper than casting), any other type through its own `encode(to:)`.
    static func encode<T: Encodable>(_ value: T, into box: EncodingBox, at path: LazyCodingPath) throws {
        switch ObjectIdentifier(T.self) {
        case ObjectIdentifier(String.self): box.value = .string(value as! String)
        case ObjectIdentifier(Bool.self): box.value = .bool(value as! Bool)
        case ObjectIdentifier(Int.self): box.value = .int(value as! Int)
        case ObjectIdentifier(Double.self):
            let number = value as! Double
            guard number.isFinite else {
                throw EncodingError.invalidValue(number, .init(codingPath: path.keys, debugDescription: "Unable to encode Double.\(number) directly in JSON."))
            }
            box.value = .double(number)
        default:
            try value.encode(to: EventTreeEncoder(box: box, path: path))
        }
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: EncodingBox
        let codingPath: [any CodingKey]

        private func child(_ key: Key) -> EncodingBox {
            let child = EncodingBox()
            box.object![key.stringValue] = child
            return child
        }

        func encodeNil(forKey key: Key) throws { child(key).value = .null }

        func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try EventTreeEncoder.encode(value, into: child(key), at: LazyCodingPath(codingPath, key))
        }

        // The common types without a dynamic cast.
        func encode(_ value: String, forKey key: Key) throws { child(key).value = .string(value) }
        func encode(_ value: Bool, forKey key: Key) throws { child(key).value = .bool(value) }
        func encode(_ value: Int, forKey key: Key) throws { child(key).value = .int(value) }
        func encodeIfPresent(_ value: String?, forKey key: Key) throws {
            if let value { child(key).value = .string(value) }
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            EventTreeEncoder(box: child(key), path: LazyCodingPath(codingPath, key)).container(keyedBy: keyType)
        }

        func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            EventTreeEncoder(box: child(key), path: LazyCodingPath(codingPath, key)).unkeyedContainer()
        }

        func superEncoder() -> any Encoder {
            let child = EncodingBox()
            box.object!["super"] = child
            return EventTreeEncoder(box: child, path: LazyCodingPath(codingPath, IndexKey.superKey))
        }

        func superEncoder(forKey key: Key) -> any Encoder { EventTreeEncoder(box: child(key), path: LazyCodingPath(codingPath, key)) }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let box: EncodingBox
        let codingPath: [any CodingKey]
        var count: Int { box.array!.count }

        private func next() -> (EncodingBox, LazyCodingPath) {
            let child = EncodingBox()
            let path = LazyCodingPath(codingPath, IndexKey(intValue: box.array!.count))
            box.array!.append(child)
            return (child, path)
        }

        func encodeNil() throws { next().0.value = .null }

        func encode<T: Encodable>(_ value: T) throws {
            let (child, path) = next()
            try EventTreeEncoder.encode(value, into: child, at: path)
        }

        func encode(_ value: String) throws { next().0.value = .string(value) }

        func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let (child, path) = next()
            return EventTreeEncoder(box: child, path: path).container(keyedBy: keyType)
        }

        func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let (child, path) = next()
            return EventTreeEncoder(box: child, path: path).unkeyedContainer()
        }

        func superEncoder() -> any Encoder {
            let (child, path) = next()
            return EventTreeEncoder(box: child, path: path)
        }
    }

    struct SingleValueContainer: SingleValueEncodingContainer {
        let box: EncodingBox
        let path: LazyCodingPath
        var codingPath: [any CodingKey] { path.keys }

        func encodeNil() throws { box.value = .null }

        func encode<T: Encodable>(_ value: T) throws {
            try EventTreeEncoder.encode(value, into: box, at: path)
        }

        func encode(_ value: String) throws { box.value = .string(value) }
    }
}
