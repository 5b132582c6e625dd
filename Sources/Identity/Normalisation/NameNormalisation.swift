import Foundation

/// Normalisation of personal names before they are compared in linkage.
///
/// Follows the NHS England linkage rules: diacritics are folded to ASCII, everything except
/// letters, "." and "-" is removed, the text is lower-cased, titles are removed, "." and "-"
/// become spaces and whitespace is collapsed. Two spellings of the same name that differ only
/// in accents, punctuation, case or spacing then compare equal, so the string-similarity
/// comparisons measure real spelling differences rather than formatting noise.
///
/// Normalisation runs once per record in batch linkage, so it avoids regular expressions and,
/// for ASCII and accented Latin input (almost all input), Foundation: only other scripts and
/// combining marks take the slower Unicode (NFKD) path.
public enum NameNormalisation {
    /// NHS England linkage rules: keep letters, "." and "-" only (fold diacritics to ASCII first:
    /// "Siân" -> "sian", "Zoë" -> "zoe"; apostrophes are dropped: "O'Brien" -> "obrien"), lower
    /// case, remove titles as whole tokens (mr, mrs, miss, ms, mx, master, dr, rev, sir, lady,
    /// lord), "." and "-" become spaces, whitespace collapsed and trimmed. Returns "" when nothing
    /// is left.
    ///
    /// Details that the rule above leaves open:
    /// - Characters other than letters, ".", "-" and whitespace (digits, apostrophes, commas,
    ///   slashes, ...) are deleted, not turned into spaces: "O'Brien" -> "obrien", "N/K" -> "nk".
    ///   Unicode dashes and hyphens count as "-"; Unicode whitespace counts as whitespace.
    /// - Letters with no ASCII decomposition are transliterated ("ß" -> "ss", "Ø" -> "o",
    ///   "Ł" -> "l", "Æ" -> "ae"); letters of non-Latin scripts are kept, lower-cased, so two
    ///   names in the same script are still compared rather than both becoming "".
    /// - Titles are removed where titles are written: at the start of the name, and only when a
    ///   non-title token follows. "Mrs Smith" -> "smith", but the surnames "Lord" and "Master"
    ///   and a name such as "Mary Lord" are kept whole: deleting them would throw away evidence
    ///   that distinguishes two children (a false merge is the costly error).
    public static func normalise(_ raw: String) -> String {
        let cleaned = cleanedBytes(raw)
        let start = leadingTitleLength(cleaned)
        return String(decoding: cleaned[start...], as: UTF8.self)
    }

    /// The normalised name's tokens ("mary jane" -> ["mary", "jane"]).
    ///
    /// Splits on any whitespace and omits empty tokens, so it is also safe on text that has not
    /// been collapsed.
    public static func tokens(_ normalised: String) -> [String] {
        normalised.split(whereSeparator: { $0.isWhitespace }).map(String.init)
    }

    /// Whether a normalised given name is a newborn placeholder and so no name evidence: "baby",
    /// "infant", "unnamed", "unknown", "not known", "nk", "baby boy", "baby girl", "baby of ..."
    /// (anything starting with the tokens "baby of"), "infant of ...", "twin", "twin 1", "twin 2",
    /// "twin one/two", "baby 1", "baby 2", "baby a", "baby b", and "" (empty). Case: the input is
    /// already normalised.
    ///
    /// The recognised forms are a small grammar rather than a fixed list, so that the variants
    /// hospitals write are caught too: a head word ("baby", "infant", "twin", "triplet",
    /// "newborn") followed only by qualifiers (boy/girl/male/female, 1-3, one-three,
    /// first-third, a-c, i-iii, or another head word), optionally followed by "of" and anything
    /// ("baby boy of smith", "twin 2 of jones"). Also recognised: "n k" (from "N.K."), "unk",
    /// "not given", "no name", and a given name made only of titles ("Master", "Miss"), which
    /// names no one. A head word followed by a real name ("baby amelia") is not a placeholder:
    /// it still tells twins apart.
    public static func isPlaceholderGivenName(_ normalised: String) -> Bool {
        let words = normalised.split(whereSeparator: { $0.isWhitespace })
        guard let head = words.first else { return true }
        if words.allSatisfy({ titles.contains($0) }) { return true }
        if words.count <= 2 && fixedPlaceholders.contains(words.joined(separator: " ")) { return true }
        guard placeholderHeads.contains(head) else { return false }
        for word in words.dropFirst() {
            if word == "of" { return true }
            guard placeholderQualifiers.contains(word) else { return false }
        }
        return true
    }

    // MARK: - Word lists

    /// Titles removed from the start of a name.
    static let titles: Set<Substring> = ["mr", "mrs", "miss", "ms", "mx", "master", "dr", "rev", "sir", "lady", "lord"]

    /// Whole given names that mean "no name recorded".
    static let fixedPlaceholders: Set<String> = [
        "unnamed", "unknown", "not known", "nk", "n k", "unk", "not given", "no name",
    ]

    /// First words of newborn placeholders ("baby", "twin 2", "infant of ...").
    static let placeholderHeads: Set<Substring> = ["baby", "infant", "twin", "triplet", "newborn"]

    /// Words that may follow a placeholder head without making it a real name.
    static let placeholderQualifiers: Set<Substring> = [
        "baby", "infant", "twin", "triplet", "newborn",
        "boy", "girl", "male", "female",
        "1", "2", "3", "one", "two", "three", "first", "second", "third",
        "a", "b", "c", "i", "ii", "iii",
    ]

    // MARK: - Cleaning

    /// The name as lower-case UTF-8 with every run of separators ("." "-" whitespace) written as
    /// one space and no leading or trailing space; everything that is not a letter dropped.
    ///
    /// Fast path: ASCII, the accented Latin letters (U+00C0...U+024F, folded through a table built
    /// once from the Unicode path), apostrophes, dashes and whitespace are handled scalar by
    /// scalar without Foundation. Anything else (a combining mark, another script) sends the
    /// whole name down the Unicode path, so both paths always give the same answer.
    static func cleanedBytes(_ raw: String) -> [UInt8] {
        var writer = NameTokenWriter(capacity: raw.utf8.count)
        for scalar in raw.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                writer.appendASCII(UInt8(truncatingIfNeeded: value))
            } else if latinFoldRange.contains(value), let folded = latinFolds[Int(value - latinFoldRange.lowerBound)] {
                for byte in folded { writer.appendLetterByte(byte) }
            } else if isDroppedBeforeDecomposition(scalar) {
                continue
            } else if isDash(value) || scalar.properties.isWhitespace {
                writer.appendSeparator()
            } else {
                return cleanedBytesUnicode(raw)
            }
        }
        return writer.finish()
    }

    /// The Latin letters whose folding the fast path looks up in `latinFolds`: Latin-1
    /// Supplement, Latin Extended-A and Latin Extended-B.
    static let latinFoldRange: ClosedRange<UInt32> = 0xC0...0x24F

    /// For each scalar of `latinFoldRange`, its cleaned bytes from the Unicode path ("é" -> "e",
    /// "ß" -> "ss", "×" -> ""), or nil when its decomposition contains a separator and so must
    /// be seen in context by the Unicode path.
    static let latinFolds: [[UInt8]?] = latinFoldRange.map { value -> [UInt8]? in
        guard let scalar = Unicode.Scalar(value) else { return nil }
        let decomposition = String(scalar).decomposedStringWithCompatibilityMapping.unicodeScalars
        let hasSeparator = decomposition.contains { part in
            part == "." || part == "-" || isDash(part.value) || part.properties.isWhitespace
        }
        return hasSeparator ? nil : cleanedBytesUnicode(String(scalar))
    }

    /// The slow path of `cleanedBytes` for text with non-ASCII characters: removes apostrophe-like
    /// characters, decomposes (NFKD) so that accents become separate combining marks, drops
    /// those marks and transliterates the letters that have no decomposition.
    static func cleanedBytesUnicode(_ raw: String) -> [UInt8] {
        var filtered = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars where !isDroppedBeforeDecomposition(scalar) {
            filtered.append(scalar)
        }
        let decomposed = String(filtered).decomposedStringWithCompatibilityMapping
        var writer = NameTokenWriter(capacity: decomposed.utf8.count)
        for scalar in decomposed.unicodeScalars {
            appendUnicode(scalar, to: &writer)
        }
        return writer.finish()
    }

    /// Writes one scalar of decomposed text: ASCII as on the fast path, dashes and whitespace as
    /// separators, diacritical marks dropped, other letters transliterated or lower-cased.
    static func appendUnicode(_ scalar: Unicode.Scalar, to writer: inout NameTokenWriter) {
        let value = scalar.value
        if value < 0x80 {
            writer.appendASCII(UInt8(truncatingIfNeeded: value))
            return
        }
        if isDash(value) || scalar.properties.isWhitespace {
            writer.appendSeparator()
            return
        }
        if isDiacriticalMark(value) || isDroppedBeforeDecomposition(scalar) { return }
        if let ascii = transliterations[value] {
            for byte in ascii.utf8 { writer.appendLetterByte(byte) }
            return
        }
        let properties = scalar.properties
        let isMark: Bool
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: isMark = true
        default: isMark = false
        }
        // Marks outside the diacritic blocks (e.g. Devanagari vowel signs) are part of the letter.
        guard properties.isAlphabetic || isMark else { return }
        for byte in properties.lowercaseMapping.utf8 { writer.appendLetterByte(byte) }
    }

    /// Apostrophes, primes, backticks and spacing accents. Removed before NFKD because NFKD turns
    /// a spacing accent such as "´" into a space plus a combining mark, which would split
    /// "O´Brien" into two tokens.
    static func isDroppedBeforeDecomposition(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x60, 0xA8, 0xAF, 0xB4, 0xB8: return true                    // ` ¨ ¯ ´ ¸
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x2035: return true  // ‘ ’ ‚ ‛ ′ ‵
        case 0x02B9...0x02FF: return true                                 // ʼ ʻ ˈ ˜ and other spacing modifiers
        case 0xFF07, 0xFF40: return true                                  // fullwidth ' and `
        default: return false
        }
    }

    /// Unicode hyphens, dashes and minus signs: treated like "-".
    static func isDash(_ value: UInt32) -> Bool {
        switch value {
        case 0x2010...0x2015, 0x2212, 0x2E3A, 0x2E3B, 0xFE58, 0xFE63, 0xFF0D: return true
        default: return false
        }
    }

    /// The combining diacritical mark blocks: accents that NFKD separates from Latin, Greek and
    /// Cyrillic letters.
    static func isDiacriticalMark(_ value: UInt32) -> Bool {
        switch value {
        case 0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F: return true
        default: return false
        }
    }

    /// Latin letters that NFKD does not decompose, and their usual ASCII spelling.
    static let transliterations: [UInt32: String] = [
        0x00DF: "ss", 0x1E9E: "ss",  // ß ẞ
        0x00E6: "ae", 0x00C6: "ae",  // æ Æ
        0x0153: "oe", 0x0152: "oe",  // œ Œ
        0x00F8: "o", 0x00D8: "o",    // ø Ø
        0x0111: "d", 0x0110: "d",    // đ Đ
        0x00F0: "d", 0x00D0: "d",    // ð Ð
        0x0142: "l", 0x0141: "l",    // ł Ł
        0x00FE: "th", 0x00DE: "th",  // þ Þ
        0x0131: "i",                 // ı
        0x0127: "h", 0x0126: "h",    // ħ Ħ
        0x0167: "t", 0x0166: "t",    // ŧ Ŧ
        0x0192: "f",                 // ƒ
        0x0138: "k",                 // ĸ
    ]

    // MARK: - Titles

    /// How many bytes of a cleaned name (see `cleanedBytes`) are leading titles and the space
    /// after them: titles are removed only when a non-title token follows (see `normalise`).
    static func leadingTitleLength(_ cleaned: [UInt8]) -> Int {
        var tokenStart = 0
        while tokenStart < cleaned.count {
            var tokenEnd = tokenStart
            while tokenEnd < cleaned.count && cleaned[tokenEnd] != UInt8(ascii: " ") { tokenEnd += 1 }
            guard isTitle(cleaned[tokenStart..<tokenEnd]) else { return tokenStart }
            tokenStart = tokenEnd + 1
        }
        return 0  // Nothing but titles: keep the name whole.
    }

    /// Whether a token of cleaned bytes is one of `titles`, compared without building a String.
    static func isTitle(_ token: ArraySlice<UInt8>) -> Bool {
        switch token.count {
        case 2...4, 6:
            return titleBytes.contains { $0.elementsEqual(token) }
        default:
            return false
        }
    }

    /// `titles` as UTF-8, for `isTitle`.
    static let titleBytes: [[UInt8]] = titles.map { Array($0.utf8) }
}

/// Builds the cleaned UTF-8 of a name: letters appended lower-cased, separators collapsed to a
/// single space, never a leading or trailing space. Shared by the ASCII and Unicode paths so
/// that both produce exactly the same text for the same ASCII input.
struct NameTokenWriter: Sendable {
    private var bytes: [UInt8] = []
    private var pendingSeparator = false

    /// A writer with room for `capacity` bytes, so ASCII names never reallocate.
    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends one ASCII byte: letters lower-cased, "." "-" and whitespace as a separator, all
    /// else (digits, apostrophes, punctuation) dropped.
    mutating func appendASCII(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"):
            appendLetterByte(byte)
        case UInt8(ascii: "A")...UInt8(ascii: "Z"):
            appendLetterByte(byte | 0x20)
        case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: " "), 0x09...0x0D:
            appendSeparator()
        default:
            break
        }
    }

    /// Appends one byte of a letter, first writing the space owed to a preceding separator.
    mutating func appendLetterByte(_ byte: UInt8) {
        if pendingSeparator {
            if !bytes.isEmpty { bytes.append(UInt8(ascii: " ")) }
            pendingSeparator = false
        }
        bytes.append(byte)
    }

    /// Records a separator; it is written only if a letter follows.
    mutating func appendSeparator() {
        pendingSeparator = true
    }

    /// The cleaned bytes.
    func finish() -> [UInt8] { bytes }
}
