/// The small text transforms a mapping chains: `trim`, `upper`, `lower`, `collapse_spaces`,
/// `digits_only`.
public enum TextTransform: String, Sendable, Hashable, CaseIterable {
    case trim
    case upper
    case lower
    /// Runs of spaces and tabs become one space, and the ends are trimmed.
    case collapseSpaces = "collapse_spaces"
    /// Keeps only the digits (for identifiers sent as "943 476 5919").
    case digitsOnly = "digits_only"

    public func apply(_ text: String) -> String {
        switch self {
        case .trim: text.trimming(.whitespacesAndNewlines)
        case .upper: text.uppercased()
        case .lower: text.lowercased()
        case .collapseSpaces: text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        case .digitsOnly:
            // In ASCII text every character is one byte; otherwise a digit may carry a combining
            // mark, which makes a character that is neither ASCII nor kept.
            if text.utf8.allSatisfy({ $0 < 0x80 }) {
                String(decoding: text.utf8.filter { (0x30...0x39).contains($0) }, as: UTF8.self)
            } else {
                String(text.filter { $0.isASCII && $0.isNumber })
            }
        }
    }
}

/// Joins values with a separator, leaving out empty ones (`concat`).
public func concatenate(_ values: [String?], separator: String) -> String? {
    let present = values.compactMap { $0 }.filter { !$0.isEmpty }
    return present.isEmpty ? nil : present.joined(separator: separator)
}

/// Splits a value on a separator, trimming each part and dropping empty ones (`split`).
public func split(_ value: String, separator: String) -> [String] {
    guard !separator.isEmpty else { return [value] }
    return value.components(separatedBy: separator).map { $0.trimming(.whitespaces) }.filter { !$0.isEmpty }
}

import Foundation
