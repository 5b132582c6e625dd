/// Something an adapter noticed about the source record; the record is kept regardless.
public struct DataQualityFinding: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Hashable, Codable, CaseIterable {
        case info
        case warning
        case error
    }

    public var rule: String
    /// Where in the event the finding applies, e.g. `subject.nhs_number`.
    public var path: String
    public var severity: Severity
    /// Never quotes the value at ``path``.
    public var message: String

    public init(rule: String, path: String, severity: Severity, message: String) {
        self.rule = rule
        self.path = path
        self.severity = severity
        self.message = message
    }
}
