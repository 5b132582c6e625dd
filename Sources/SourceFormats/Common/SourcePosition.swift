/// Where in a source document something is: a line and column for text formats, or a segment
/// and field for HL7 v2. Positions are 1-based, as editors show them.
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column)" }
}

/// A document that could not be parsed. The message names the rule and the position, never the
/// document's contents, so it is safe to log and to put in a dead letter's headers.
public struct SourceFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    public var format: String
    /// A stable id of the rule broken, such as `csv.unterminated-quote`.
    public var rule: String
    public var reason: String
    public var position: SourcePosition?

    public init(format: String, rule: String, reason: String, position: SourcePosition? = nil) {
        self.format = format
        self.rule = rule
        self.reason = reason
        self.position = position
    }

    public var description: String {
        "\(format): \(reason)" + (position.map { " at \($0)" } ?? "") + " [\(rule)]"
    }
}

/// Bounds on what a parser accepts, so that one oversized input cannot exhaust memory.
public struct SizeLimits: Sendable, Hashable {
    public var maxDocumentBytes: Int
    public var maxFieldBytes: Int
    public var maxRecords: Int

    public init(maxDocumentBytes: Int = 64 << 20, maxFieldBytes: Int = 1 << 20, maxRecords: Int = 1_000_000) {
        self.maxDocumentBytes = maxDocumentBytes
        self.maxFieldBytes = maxFieldBytes
        self.maxRecords = maxRecords
    }
}
