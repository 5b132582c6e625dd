import HubRuntime
import SourceFormats

/// Why a whole input (a file, a request body, a raw record) could not be mapped at all, in terms
/// safe to log, to answer with and to put in headers: never the input's contents.
public struct DocumentFailure: StageFailure, Sendable, Hashable, Codable {
    /// A stable id, such as `csv.unterminated-quote` or `file.size-limit`.
    public var rule: String
    public var reason: String
    /// Where in the input, such as `line 3, column 7`; `nil` for the whole input.
    public var position: String?

    public init(rule: String, reason: String, position: String? = nil) {
        self.rule = rule
        self.reason = reason
        self.position = position
    }

    public init(_ error: SourceFormatError) {
        self.init(rule: error.rule, reason: error.reason, position: error.position.map { "\($0)" })
    }

    public var fieldPath: String? { position }

    /// The input is larger than the adapter accepts.
    public static func tooLarge(limit: Int) -> DocumentFailure {
        DocumentFailure(rule: "input.size-limit", reason: "the input is larger than \(limit) bytes")
    }

    /// The input could not be read.
    public static let unreadable = DocumentFailure(rule: "input.unreadable", reason: "the input could not be read")
}
