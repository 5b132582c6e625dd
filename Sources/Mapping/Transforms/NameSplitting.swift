/// Splits a full name written in one field into given names and a family name.
///
/// - `Family, Given Names` (a comma) puts the family name first, as registers often do.
/// - Otherwise the last word is the family name, together with any particles before it:
///   Welsh `ap`/`ab`/`ferch`, Irish `Ó`/`Ní`/`Nic`/`Mac`, Dutch, German, French, Italian and
///   Spanish `van`, `von`, `de`, `da`, `di`, `du`, `le`, `la`, `del`, `der`, `den`.
/// - Hyphens and apostrophes stay inside names: `Smith-Jones`, `O'Brien`.
public enum NameSplitting {
    static let particles: Set<String> = [
        "ap", "ab", "ferch", "verch", "ó", "o", "ní", "ni", "nic", "mac", "mc", "uí", "ui", "bin", "bint", "ibn",
        "van", "von", "de", "da", "di", "du", "le", "la", "del", "der", "den", "dos", "das", "st",
    ]

    public static func split(_ fullName: String) -> (givenNames: [String], familyName: String?) {
        // ASCII without a comma (most names): one character per byte, so the words are split as
        // bytes, exactly as below.
        if fullName.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: ",") }) {
            let words = fullName.utf8.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
                .map { String(decoding: $0, as: UTF8.self) }
            return split(words: words)
        }
        return splitByCharacters(fullName)
    }

    /// The split for any text, character by character.
    static func splitByCharacters(_ fullName: String) -> (givenNames: [String], familyName: String?) {
        let text = fullName.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        if let comma = text.firstIndex(of: ",") {
            let family = text[..<comma].trimming(.whitespaces)
            let given = text[text.index(after: comma)...].split(separator: " ").map(String.init)
            return (given, family.isEmpty ? nil : family)
        }
        return split(words: text.split(separator: " ").map(String.init))
    }

    /// Given names and a family name from the words of a name written given names first.
    private static func split(words: [String]) -> (givenNames: [String], familyName: String?) {
        var words = words
        guard words.count > 1 else { return (words, nil) }
        var family = [words.removeLast()]
        // Take particles that precede the family name, but always leave a given name.
        while words.count > 1, let previous = words.last, particles.contains(previous.lowercased()) {
            family.insert(words.removeLast(), at: 0)
        }
        return (words, family.joined(separator: " "))
    }
}

import Foundation
