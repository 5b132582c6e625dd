/// A strict JSON (RFC 8259) reader whose errors give the line and column, with limits on size
/// and nesting depth. Duplicate keys are an error: a source that sends two values for one field
/// has sent neither reliably.
public enum JSONParser {
    static let format = "json"

    public struct Limits: Sendable, Hashable {
        public var size: SizeLimits
        public var maxDepth: Int

        public init(size: SizeLimits = SizeLimits(), maxDepth: Int = 128) {
            self.size = size
            self.maxDepth = maxDepth
        }
    }

    /// With `keeping`, an object member whose name is not in the set is read and checked as
    /// every other (the same errors at the same positions, the same limits) but left out of the
    /// value returned, at any depth: for a reader that knows which members it will look at.
    public static func parse(_ bytes: some Collection<UInt8>, limits: Limits = Limits(), keeping: Set<String>? = nil) throws(SourceFormatError) -> JSONValue {
        guard bytes.count <= limits.size.maxDocumentBytes else {
            throw SourceFormatError(format: format, rule: "json.size-limit",
                                    reason: "the document is larger than \(limits.size.maxDocumentBytes) bytes")
        }
        // The reader works on the bytes in place, without bounds checks on every read: each read is
        // behind a check against the end.
        return try Array(bytes).withUnsafeBufferPointer { (buffer) throws(SourceFormatError) -> JSONValue in
            var reader = Reader(bytes: buffer, limits: limits, keeping: keeping.map(MemberNames.init))
            if reader.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }
            reader.skipWhitespace()
            let value = try reader.value(depth: 0)
            reader.skipWhitespace()
            guard reader.index == reader.bytes.count else { throw reader.error("json.trailing-content", "unexpected text after the document") }
            return value
        }
    }
}

private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    let limits: JSONParser.Limits
    /// Member names to keep (all when `nil`); see ``JSONParser/parse(_:limits:keeping:)``.
    let keeping: MemberNames?
    /// Whether each of `pendingMembers` is kept (only when some members are left out).
    var pendingKept: [Bool] = []
    var index = 0
    var line = 1
    var lineStart = 0
    /// The members of the objects being read, innermost last: an object's members are gathered
    /// here and copied once into an array of the right size, instead of growing one per object.
    var pendingMembers: [(key: String, value: JSONValue)] = []
    /// The same for the elements of the arrays being read.
    var pendingElements: [JSONValue] = []

    init(bytes: UnsafeBufferPointer<UInt8>, limits: JSONParser.Limits, keeping: MemberNames?) {
        self.bytes = bytes
        self.limits = limits
        self.keeping = keeping
    }

    var position: SourcePosition { position(at: index) }

    /// The position of an earlier offset on the current line (worked out only for an error).
    func position(at offset: Int) -> SourcePosition {
        // Columns count characters: UTF-8 continuation bytes do not start one.
        let column = bytes[lineStart..<min(offset, bytes.count)].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        return SourcePosition(line: line, column: column)
    }

    func error(_ rule: String, _ reason: String) -> SourceFormatError {
        SourceFormatError(format: JSONParser.format, rule: rule, reason: reason, position: position)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            default: return
            }
        }
    }

    /// The value at `index`; when not `kept`, read and checked in full but returned as `null`.
    mutating func value(depth: Int, kept: Bool = true) throws(SourceFormatError) -> JSONValue {
        guard depth <= limits.maxDepth else { throw error("json.depth-limit", "nesting is deeper than \(limits.maxDepth)") }
        guard index < bytes.count else { throw error("json.unexpected-end", "the document ends where a value was expected") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth, kept: kept)
        case UInt8(ascii: "["): return try array(depth: depth, kept: kept)
        case UInt8(ascii: "\""):
            guard kept else {
                try skipString()
                return .null
            }
            return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw error("json.unexpected-character", "a value was expected")
        }
    }

    private mutating func literal(_ word: StaticString, _ result: JSONValue) throws(SourceFormatError) -> JSONValue {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard bytes[index...].starts(with: expected) else { throw error("json.invalid-literal", "expected \(word)") }
        index += expected.count
        return result
    }

    private mutating func object(depth: Int, kept: Bool) throws(SourceFormatError) -> JSONValue {
        index += 1
        // This object's members are pendingMembers[first...].
        let first = pendingMembers.count
        // Small objects look for a repeated name among their members; large ones keep a set.
        var keys: Set<String>?
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object([])
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("json.expected-key", "a member name in quotes was expected")
            }
            let keyStart = index
            let key = try string()
            let keyEnd = index
            let repeated: Bool
            if pendingMembers.count - first < 8 {
                repeated = pendingMembers[first...].contains { $0.key == key }
            } else {
                if keys == nil { keys = Set(pendingMembers[first...].map(\.key)) }
                repeated = !keys!.insert(key).inserted
            }
            // A string holds no line break, so the key is still on the current line.
            guard !repeated else {
                throw SourceFormatError(format: JSONParser.format, rule: "json.duplicate-key",
                                        reason: "an object repeats a member name", position: position(at: keyStart))
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("json.expected-colon", "':' was expected") }
            index += 1
            skipWhitespace()
            // A member left out is still read, and its name still counts for repeated names.
            let keptMember = kept && keeping?.contains(key, written: bytes[(keyStart + 1)..<(keyEnd - 1)]) != false
            let member = try value(depth: depth + 1, kept: keptMember)
            pendingMembers.append((key, member))
            if keeping != nil { pendingKept.append(keptMember) }
            skipWhitespace()
            guard index < bytes.count else { throw error("json.unexpected-end", "the document ends inside an object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { throw error("json.expected-comma", "',' or '}' was expected") }
            index += 1
            defer {
                pendingMembers.removeSubrange(first...)
                if keeping != nil { pendingKept.removeSubrange(first...) }
            }
            guard kept else { return .null }
            guard keeping != nil, pendingKept[first...].contains(false) else { return .object(Array(pendingMembers[first...])) }
            // Only the members kept, in order.
            var members: [(key: String, value: JSONValue)] = []
            for position in first..<pendingMembers.count where pendingKept[position] { members.append(pendingMembers[position]) }
            return .object(members)
        }
    }

    private mutating func array(depth: Int, kept: Bool) throws(SourceFormatError) -> JSONValue {
        index += 1
        // This array's elements are pendingElements[first...].
        let first = pendingElements.count
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array([])
        }
        while true {
            skipWhitespace()
            let element = try value(depth: depth + 1, kept: kept)
            if kept { pendingElements.append(element) }
            skipWhitespace()
            guard index < bytes.count else { throw error("json.unexpected-end", "the document ends inside an array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else { throw error("json.expected-comma", "',' or ']' was expected") }
            index += 1
            guard kept else { return .null }
            let elements = Array(pendingElements[first...])
            pendingElements.removeSubrange(first...)
            return .array(elements)
        }
    }

    /// Moves past a string left out of the value: an ASCII string without escapes is only scanned;
    /// any other is read by ``string()``, for the same checks and errors.
    private mutating func skipString() throws(SourceFormatError) {
        let start = index
        index += 1
        var highBits: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                guard highBits & 0x80 != 0 else {
                    index += 1
                    return
                }
                break
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            highBits |= byte
            index += 1
            if index - start - 1 > limits.size.maxFieldBytes { break }
        }
        index = start
        _ = try string()
    }

    private mutating func string() throws(SourceFormatError) -> String {
        // A string holds no line break, so its start is on the current line when an error needs it.
        let startIndex = index
        var start: SourcePosition { position(at: startIndex) }
        index += 1
        let contentStart = index
        // Most strings have no escapes: find the end and decode the bytes in place. Most are ASCII
        // too, which is valid UTF-8 and needs no further check.
        var highBits: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let content = UnsafeBufferPointer(rebasing: bytes[contentStart..<index])
                if highBits & 0x80 == 0 {
                    index += 1
                    return String(decoding: content, as: UTF8.self)
                }
                guard let decoded = String(validating: content, as: UTF8.self) else {
                    throw SourceFormatError(format: JSONParser.format, rule: "json.encoding", reason: "a string is not valid UTF-8", position: start)
                }
                index += 1
                return decoded
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            highBits |= byte
            index += 1
            if index - contentStart > limits.size.maxFieldBytes {
                throw SourceFormatError(format: JSONParser.format, rule: "json.field-limit",
                                        reason: "a string is longer than \(limits.size.maxFieldBytes) bytes", position: start)
            }
        }
        var text = Array(bytes[contentStart..<index])
        while true {
            guard index < bytes.count else {
                throw SourceFormatError(format: JSONParser.format, rule: "json.unterminated-string", reason: "a string is never closed", position: start)
            }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let decoded = String(validating: text, as: UTF8.self) else {
                    throw SourceFormatError(format: JSONParser.format, rule: "json.encoding", reason: "a string is not valid UTF-8", position: start)
                }
                return decoded
            case UInt8(ascii: "\\"):
                try escape(into: &text)
            case 0x00..<0x20:
                throw error("json.control-character", "a control character must be escaped inside a string")
            default:
                text.append(byte)
                index += 1
            }
            if text.count > limits.size.maxFieldBytes {
                throw SourceFormatError(format: JSONParser.format, rule: "json.field-limit",
                                        reason: "a string is longer than \(limits.size.maxFieldBytes) bytes", position: start)
            }
        }
    }

    private mutating func escape(into text: inout [UInt8]) throws(SourceFormatError) {
        index += 1
        guard index < bytes.count else { throw error("json.unterminated-string", "a string is never closed") }
        let simple: UInt8? = switch bytes[index] {
        case UInt8(ascii: "\""): 0x22
        case UInt8(ascii: "\\"): 0x5C
        case UInt8(ascii: "/"): 0x2F
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "t"): 0x09
        default: nil
        }
        if let replacement = simple {
            text.append(replacement)
            index += 1
            return
        }
        guard bytes[index] == UInt8(ascii: "u") else { throw error("json.invalid-escape", "an unknown escape sequence") }
        index += 1
        var scalar = try hex4()
        if (0xD800..<0xDC00).contains(scalar) {
            // A high surrogate must be followed by an escaped low surrogate.
            guard bytes[index...].starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "u")]) else { throw error("json.invalid-escape", "an unpaired surrogate") }
            index += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw error("json.invalid-escape", "an unpaired surrogate") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(scalar) {
            throw error("json.invalid-escape", "an unpaired surrogate")
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw error("json.invalid-escape", "not a Unicode scalar") }
        UTF8.encode(unicode) { text.append($0) }
    }

    private mutating func hex4() throws(SourceFormatError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("json.invalid-escape", "\\u needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Character(Unicode.Scalar(bytes[index])).hexDigitValue else {
                throw error("json.invalid-escape", "\\u needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func number() throws(SourceFormatError) -> JSONValue {
        let start = index
        func digits() -> Int {
            let begin = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - begin
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let leadingZero = index < bytes.count && bytes[index] == UInt8(ascii: "0")
        let integerDigits = digits()
        guard integerDigits > 0 else { throw error("json.invalid-number", "a number needs digits") }
        guard !(leadingZero && integerDigits > 1) else { throw error("json.invalid-number", "a number has a leading zero") }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw error("json.invalid-number", "a decimal point needs digits after it") }
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
            guard digits() > 0 else { throw error("json.invalid-number", "an exponent needs digits") }
        }
        return .number(String(decoding: bytes[start..<index], as: UTF8.self))
    }
}

/// The member names a parse keeps, found without hashing for a name written in ASCII without
/// escapes (most names): compared as bytes with the kept names of the same length.
struct MemberNames {
    let names: Set<String>
    /// The kept names that are ASCII, by their length in bytes.
    let asciiByLength: [[[UInt8]]]

    init(_ names: Set<String>) {
        self.names = names
        let ascii = names.map { Array($0.utf8) }.filter { $0.allSatisfy { $0 < 0x80 } }
        var byLength = [[[UInt8]]](repeating: [], count: (ascii.map(\.count).max() ?? 0) + 1)
        for name in ascii { byLength[name.count].append(name) }
        asciiByLength = byLength
    }

    /// Whether `name`, written in the document as `written` (between its quotes), is kept.
    func contains(_ name: String, written: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        // Escapes always make the written form longer than the name.
        guard written.count == name.utf8.count, written.allSatisfy({ $0 < 0x80 }) else { return names.contains(name) }
        guard written.count < asciiByLength.count else { return false }
        return asciiByLength[written.count].contains { $0.elementsEqual(written) }
    }
}
