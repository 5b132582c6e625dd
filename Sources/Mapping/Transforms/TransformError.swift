/// A value that a mapping rule could not transform. Names the rule, never the value.
public struct TransformError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable id, such as `date.no-format-matched` or `lookup.unmapped`.
    public var rule: String
    public var reason: String

    public init(rule: String, reason: String) {
        self.rule = rule
        self.reason = reason
    }

    public var description: String { "\(reason) [\(rule)]" }
}
