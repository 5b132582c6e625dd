/// A code-list lookup table, with an explicit policy for codes it does not list.
public struct Lookup: Sendable, Hashable {
    /// What to do with a source code the table does not list. A mapping must choose.
    public enum Unmapped: Sendable, Hashable {
        /// The record is dead-lettered with rule `lookup.unmapped`.
        case error
        /// The field is left empty (and the event fails validation if the field is required).
        case skip
        /// This value is used instead.
        case `default`(String)
    }

    public var table: [String: String]
    public var unmapped: Unmapped
    /// Compare source codes ignoring case and surrounding spaces.
    public var caseInsensitive: Bool

    public init(table: [String: String], unmapped: Unmapped, caseInsensitive: Bool = true) {
        self.caseInsensitive = caseInsensitive
        self.table = caseInsensitive ? Dictionary(table.map { (Self.fold($0.key), $0.value) }, uniquingKeysWith: { first, _ in first }) : table
        self.unmapped = unmapped
    }

    /// The target code for `code`; `nil` only under ``Unmapped/skip``.
    public func map(_ code: String) throws(TransformError) -> String? {
        if let target = table[caseInsensitive ? Self.fold(code) : code] { return target }
        switch unmapped {
        case .error: throw TransformError(rule: "lookup.unmapped", reason: "the source code is not in the lookup table")
        case .skip: return nil
        case .default(let value): return value
        }
    }

    /// The target values the table can produce (to check against a closed code list at load time).
    public var targets: Set<String> {
        var values = Set(table.values)
        if case .default(let value) = unmapped { values.insert(value) }
        return values
    }

    private static func fold(_ code: String) -> String {
        code.trimming(.whitespaces).lowercased()
    }
}

import Foundation
