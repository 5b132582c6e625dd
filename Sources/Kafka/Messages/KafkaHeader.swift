/// One Kafka record header. Names may repeat within a record; order is kept.
public struct KafkaHeader: Sendable, Hashable {
    public var name: String
    /// The header's bytes; `nil` is a header with a null value, distinct from an empty one.
    public var value: [UInt8]?

    public init(name: String, value: [UInt8]?) {
        self.name = name
        self.value = value
    }

    public init(name: String, string: String) {
        self.init(name: name, value: Array(string.utf8))
    }

    /// The value decoded as UTF-8, or `nil` for a null value or invalid UTF-8.
    public var stringValue: String? {
        value.flatMap { String(validating: $0, as: UTF8.self) }
    }
}

extension Array where Element == KafkaHeader {
    /// The last header with this name, decoded as UTF-8 (the usual "current value" convention).
    public func string(named name: String) -> String? {
        last(where: { $0.name == name })?.stringValue
    }
}
