/// A rule of the event schema that a value breaks. The message names the rule, never the value.
public struct SchemaViolation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A dotted path in the JSON form, e.g. `payload.areas[2].score`.
    public var path: String
    public var rule: String
    public var message: String

    public init(path: String, rule: String, message: String) {
        self.path = path
        self.rule = rule
        self.message = message
    }

    public var description: String { "\(path): \(message) [\(rule)]" }
}
