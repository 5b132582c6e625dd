import Foundation

/// Where an encoder writes: one value, or the members of an object or array still being filled.
final class EncodingBox {
    var value: EventTree?
    var object: [String: EncodingBox]?
    var array: [EncodingBox]?

    var tree: EventTree {
        if let object { return .object(EventObject(object.mapValues(\.tree))) }
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
