/// An RFC 6901 JSON pointer, such as `/entry/0/resource/id` (`~1` is `/` and `~0` is `~`).
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    public let tokens: [String]
    public let description: String
    /// Each token as an array index, where it is one (digits without a leading zero), worked out once.
    private let indices: [Int?]

    public init(_ text: String) throws(SourceFormatError) {
        guard text.isEmpty || text.hasPrefix("/") else {
            throw SourceFormatError(format: "json-pointer", rule: "path.json-pointer", reason: "a JSON pointer must be empty or start with '/'")
        }
        description = text
        var tokens: [String] = []
        for token in text.isEmpty ? [] : text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            tokens.append(try Self.unescape(token))
        }
        self.tokens = tokens
        indices = tokens.map { token in Int(token).flatMap { token == String($0) ? $0 : nil } }
    }

    /// `~1` → `/`, `~0` → `~`; any other `~` is an error.
    private static func unescape(_ token: Substring) throws(SourceFormatError) -> String {
        var result = ""
        var iterator = token.makeIterator()
        while let character = iterator.next() {
            guard character == "~" else {
                result.append(character)
                continue
            }
            switch iterator.next() {
            case "0": result.append("~")
            case "1": result.append("/")
            default:
                throw SourceFormatError(format: "json-pointer", rule: "path.json-pointer", reason: "'~' must be followed by 0 or 1")
            }
        }
        return result
    }

    /// The value the pointer designates, or `nil` if any step is missing.
    public func resolve(in document: JSONValue) -> JSONValue? {
        var current = document
        for (token, index) in zip(tokens, indices) {
            switch current {
            case .object:
                guard let next = current[token] else { return nil }
                current = next
            case .array(let elements):
                guard let index, elements.indices.contains(index) else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }
}
