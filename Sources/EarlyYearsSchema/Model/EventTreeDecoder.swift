import Foundation

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
        if T.self != String.self && T.self != Bool.self && T.self != Double.self && T.self != Int.self && T.self != EventTree.self {
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
        case ObjectIdentifier(EventTree.self):
            return value as! T
        default:
            return try T(from: EventTreeDecoder(value: value, path: path))
        }
    }

    struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let members: EventObject
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
