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
    public static func parse(_ bytes: some Collection<UInt8>, limits: Limits = Limits(), keeping: Set<String>) throws(SourceFormatError) -> JSONValue {
        try parse(bytes, limits: limits, projection: JSONProjection(membersNamed: keeping))
    }

    /// With a `projection`, only the members it leads to are kept in the value returned; every
    /// other member is read and checked as the rest (the same errors at the same positions, the
    /// same limits) but left out, and nothing is made for it.
    public static func parse(_ bytes: some Collection<UInt8>, limits: Limits = Limits(), projection: JSONProjection? = nil) throws(SourceFormatError) -> JSONValue {
        guard bytes.count <= limits.size.maxDocumentBytes else {
            throw SourceFormatError(format: format, rule: "json.size-limit",
                                    reason: "the document is larger than \(limits.size.maxDocumentBytes) bytes")
        }
        // The reader works on the bytes in place, without bounds checks on every read: each read is
        // behind a check against the end.
        return try Array(bytes).withUnsafeBufferPointer { (buffer) throws(SourceFormatError) -> JSONValue in
            var reader = Reader(bytes: buffer, limits: limits, projection: projection?.entries ?? [], table: projection?.table)
            if reader.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }
            reader.skipWhitespace()
            let value = try reader.value(depth: 0, node: projection == nil ? Reader.everything : JSONProjection.Node.root.index)
            reader.skipWhitespace()
            guard reader.index == reader.bytes.count else { throw reader.error("json.trailing-content", "unexpected text after the document") }
            return value
        }
    }
}

private struct Reader {
    /// The node that keeps everything below it.
    static let everything = -1

    let bytes: UnsafeBufferPointer<UInt8>
    let limits: JSONParser.Limits
    /// The projection's nodes (see ``JSONParser/parse(_:limits:projection:)``), and their names laid out for lookups.
    let projection: [JSONProjection.Entry]
    let table: JSONProjection.Table?
    var index = 0
    var line = 1
    var lineStart = 0
    /// The members kept of the objects being read, innermost last: an object's members are
    /// gathered here and copied once into an array of the right size, instead of growing one per object.
    var pendingMembers: [(key: String, value: JSONValue)] = []
    /// The same for the elements of the arrays being read.
    var pendingElements: [JSONValue] = []
    /// The member names of the objects being read, kept or not, innermost last, for repeated names.
    var pendingKeys: [Key] = []

    /// A member name as written: the bytes between its quotes. A plain name is ASCII without
    /// escapes, so its bytes are its characters.
    struct Key {
        var range: Range<Int>
        var plain: Bool
        /// A plain name's first (up to) eight bytes, packed as ``JSONProjection/Table/prefix(_:count:)``
        /// packs them: most names differ there, or in length, and are told apart in one comparison.
        var prefix: UInt64 = 0
    }

    init(bytes: UnsafeBufferPointer<UInt8>, limits: JSONParser.Limits, projection: [JSONProjection.Entry], table: JSONProjection.Table?) {
        self.bytes = bytes
        self.limits = limits
        self.projection = projection
        self.table = table
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
            case 0x20:
                index += 1
                // Indentation comes in runs of spaces: eight at a time.
                while index + 8 <= bytes.count, UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self) == 0x2020_2020_2020_2020 {
                    index += 8
                }
            case 0x09, 0x0D: index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            default: return
            }
        }
    }

    /// The value at `index`, keeping what `node` of the projection leads to; with `node` nil,
    /// read and checked in full but nothing is made, and `null` comes back.
    mutating func value(depth: Int, node: Int?) throws(SourceFormatError) -> JSONValue {
        guard depth <= limits.maxDepth else { throw error("json.depth-limit", "nesting is deeper than \(limits.maxDepth)") }
        guard index < bytes.count else { throw error("json.unexpected-end", "the document ends where a value was expected") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth, node: node)
        case UInt8(ascii: "["): return try array(depth: depth, node: node)
        case UInt8(ascii: "\""):
            guard node != nil else {
                try skipString()
                return .null
            }
            return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let range = try number()
            return node == nil ? .null : .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self))
        default: throw error("json.unexpected-character", "a value was expected")
        }
    }

    private mutating func literal(_ word: StaticString, _ result: JSONValue) throws(SourceFormatError) -> JSONValue {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard bytes[index...].starts(with: expected) else { throw error("json.invalid-literal", "expected \(word)") }
        index += expected.count
        return result
    }

    private mutating func object(depth: Int, node: Int?) throws(SourceFormatError) -> JSONValue {
        index += 1
        // This object's names are pendingKeys[firstKey...], and the members it keeps pendingMembers[firstMember...].
        let firstKey = pendingKeys.count
        let firstMember = pendingMembers.count
        defer { while pendingKeys.count > firstKey { pendingKeys.removeLast() } }
        // Small objects of plain names look for a repeated name by comparing bytes; others keep a set.
        var names: Set<String>?
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            return node == nil ? .null : .object([])
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("json.expected-key", "a member name in quotes was expected")
            }
            let key = try self.key()
            // A string holds no line break, so the name is still on the current line.
            guard !repeats(key, first: firstKey, names: &names) else {
                throw SourceFormatError(format: JSONParser.format, rule: "json.duplicate-key",
                                        reason: "an object repeats a member name", position: position(at: key.range.lowerBound - 1))
            }
            pendingKeys.append(key)
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("json.expected-colon", "':' was expected") }
            index += 1
            skipWhitespace()
            // A member left out is still read, and its name still counts for repeated names.
            if let node, let (child, name) = child(of: node, key) {
                let member = try value(depth: depth + 1, node: child)
                pendingMembers.append((name ?? text(of: key), member))
            } else {
                _ = try value(depth: depth + 1, node: nil)
            }
            skipWhitespace()
            guard index < bytes.count else { throw error("json.unexpected-end", "the document ends inside an object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { throw error("json.expected-comma", "',' or '}' was expected") }
            index += 1
            guard node != nil else { return .null }
            let members = Array(pendingMembers[firstMember...])
            pendingMembers.removeLast(pendingMembers.count - firstMember)
            return .object(members)
        }
    }

    private mutating func array(depth: Int, node: Int?) throws(SourceFormatError) -> JSONValue {
        index += 1
        // This array's elements are pendingElements[first...].
        let first = pendingElements.count
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            return node == nil ? .null : .array([])
        }
        while true {
            skipWhitespace()
            let element = try value(depth: depth + 1, node: node)
            if node != nil { pendingElements.append(element) }
            skipWhitespace()
            guard index < bytes.count else { throw error("json.unexpected-end", "the document ends inside an array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else { throw error("json.expected-comma", "',' or ']' was expected") }
            index += 1
            guard node != nil else { return .null }
            let elements = Array(pendingElements[first...])
            pendingElements.removeLast(pendingElements.count - first)
            return .array(elements)
        }
    }

    /// The member name at `index`, read and checked as every string, but made into one only
    /// when it is kept (``text(of:)``).
    private mutating func key() throws(SourceFormatError) -> Key {
        let quote = index
        let plain = scanPlainString()
        if !plain { _ = try string() }
        let range = (quote + 1)..<(index - 1)
        guard plain else { return Key(range: range, plain: false) }
        let start = bytes.baseAddress! + range.lowerBound
        // A name is followed by at least its closing quote: eight bytes can be read at once unless
        // the document ends within them.
        let prefix = if range.lowerBound + 8 <= bytes.count {
            UnsafeRawPointer(start).loadUnaligned(as: UInt64.self) & (range.count >= 8 ? ~0 : (1 << (UInt64(range.count) * 8)) - 1)
        } else {
            JSONProjection.Table.prefix(start, count: range.count)
        }
        return Key(range: range, plain: true, prefix: prefix)
    }

    /// The name `key` is.
    private mutating func text(of key: Key) -> String {
        if key.plain { return String(decoding: UnsafeBufferPointer(rebasing: bytes[key.range]), as: UTF8.self) }
        // Read again: it was read once without an error, and a string holds no line break.
        let resume = index
        index = key.range.lowerBound - 1
        defer { index = resume }
        return (try? string()) ?? ""
    }

    /// Whether `key` repeats one of the names at `pendingKeys[first...]`: as bytes when all are
    /// plain and few, otherwise as strings (which compare by canonical equivalence).
    private mutating func repeats(_ key: Key, first: Int, names: inout Set<String>?) -> Bool {
        let earlier = pendingKeys.count - first
        if names == nil, key.plain, earlier < 16 {
            var allPlain = true
            for position in first..<pendingKeys.count {
                let other = pendingKeys[position]
                allPlain = allPlain && other.plain
                if other.plain, other.range.count == key.range.count, other.prefix == key.prefix,
                   key.range.count <= 8 || Self.same(bytes.baseAddress! + other.range.lowerBound, bytes.baseAddress! + key.range.lowerBound, count: key.range.count) {
                    return true
                }
            }
            if allPlain { return false }
        }
        if names == nil {
            var gathered = Set<String>()
            for position in first..<pendingKeys.count { gathered.insert(text(of: pendingKeys[position])) }
            names = gathered
        }
        return !names!.insert(text(of: key)).inserted
    }

    /// The node of the projection that `node`'s member `key` leads to, or `nil` when it is not
    /// kept; with the name, where the projection has it made.
    private mutating func child(of node: Int, _ key: Key) -> (node: Int, name: String?)? {
        guard node != Self.everything, let table else { return (Self.everything, nil) }
        if table.keepsAll[node] { return (Self.everything, nil) }
        guard key.plain else { return projection[node].children[text(of: key)].map { ($0, nil) } }
        return table.slot(of: node, written: bytes.baseAddress! + key.range.lowerBound, count: key.range.count, prefix: key.prefix).map { ($0.node, $0.name) }
    }

    private static func same(_ first: UnsafePointer<UInt8>, _ second: UnsafePointer<UInt8>, count: Int) -> Bool {
        for offset in 0..<count where first[offset] != second[offset] { return false }
        return true
    }

    /// Moves past a string left out of the value: an ASCII string without escapes is only scanned;
    /// any other is read by ``string()``, for the same checks and errors.
    private mutating func skipString() throws(SourceFormatError) {
        if !scanPlainString() { _ = try string() }
    }

    /// Moves past the string at `index` when it is ASCII without escapes or control characters
    /// and within the field limit; otherwise stays, and returns false.
    private mutating func scanPlainString() -> Bool {
        let end = plainRun(from: index + 1)
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\""), end - index - 1 <= limits.size.maxFieldBytes else { return false }
        index = end + 1
        return true
    }

    /// Where the run of plain string bytes from `start` ends: the first quote, backslash,
    /// control character or byte that is not ASCII, or the end. Eight bytes at a time.
    private func plainRun(from start: Int) -> Int {
        let base = bytes.baseAddress!
        var offset = start
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        while offset + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
            let quotes = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
            let backslashes = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
            // A byte's high bit is set below for a zero byte of `quotes` or `backslashes` (a quote
            // or backslash), a byte under 0x20 (the subtraction borrows), or a byte not ASCII;
            // a byte above one of those may be marked too, which only ends the fast run early.
            let stops = ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes) | (word &- ones &* 0x20) | word
            if stops & highBits != 0 { break }
            offset += 8
        }
        while offset < bytes.count {
            let byte = base[offset]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { break }
            offset += 1
        }
        return offset
    }

    private mutating func string() throws(SourceFormatError) -> String {
        // A string holds no line break, so its start is on the current line when an error needs it.
        let startIndex = index
        var start: SourcePosition { position(at: startIndex) }
        index += 1
        let contentStart = index
        // Most strings have no escapes: find the end and decode the bytes in place. Most are ASCII
        // too, which is valid UTF-8 and needs no further check.
        index = plainRun(from: index)
        if index - contentStart > limits.size.maxFieldBytes {
            throw SourceFormatError(format: JSONParser.format, rule: "json.field-limit",
                                    reason: "a string is longer than \(limits.size.maxFieldBytes) bytes", position: start)
        }
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

    /// Moves past the number at `index`, checked, and returns where it is.
    private mutating func number() throws(SourceFormatError) -> Range<Int> {
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
        return start..<index
    }
}
