/// Where the records of a many-record document are in its bytes: the elements of a JSON array
/// at a pointer, or the XML elements at a path of child names, in document order.
///
/// Used to cut one record out of a document that has already been parsed, so that a dead letter
/// about one child need not carry every other child: the bytes before the first record, that
/// record's bytes and the bytes after the last are, together, a document of that record alone in
/// the source's own bytes. A scanner, not a parser: it answers `nil` (keep the whole input)
/// whenever anything is not as it expects, and ``xmlDocument(of:ranges:in:path:record:)`` and
/// ``jsonDocument(of:ranges:in:at:record:)`` give a cut only once it has been parsed again and
/// found to hold exactly that record (a document the XML parser accepted only by recovering from
/// an error may not survive being cut).
public enum RecordRanges {
    /// The document of record `index` alone, if it parses to exactly `record` and nothing else at
    /// `path`; `nil` otherwise.
    public static func xmlDocument(of index: Int, ranges: [Range<Int>], in bytes: [UInt8], path: [String], record: XMLNode) -> [UInt8]? {
        let cut = self.cut(index, ranges, bytes)
        guard let kept = try? XMLDocumentParser.parse(cut).descendants(path: path), kept.count == 1, kept[0].hasSameContent(as: record) else { return nil }
        return cut
    }

    /// The document of element `index` alone, if its array at `pointer` is then exactly `[record]`;
    /// `nil` otherwise.
    public static func jsonDocument(of index: Int, ranges: [Range<Int>], in bytes: [UInt8], at pointer: JSONPointer, record: JSONValue) -> [UInt8]? {
        let cut = self.cut(index, ranges, bytes)
        guard let document = try? JSONParser.parse(cut), pointer.resolve(in: document)?.arrayValue == [record] else { return nil }
        return cut
    }

    /// The bytes before the first range, range `index`, and the bytes after the last.
    static func cut(_ index: Int, _ ranges: [Range<Int>], _ bytes: [UInt8]) -> [UInt8] {
        Array(bytes[..<ranges[0].lowerBound]) + Array(bytes[ranges[index]]) + Array(bytes[ranges[ranges.count - 1].upperBound...])
    }

    /// The byte ranges of the elements of the array at `pointer`, or `nil`.
    public static func json(_ bytes: [UInt8], at pointer: JSONPointer) -> [Range<Int>]? {
        var scanner = JSONScanner(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { scanner.index = 3 }
        for token in pointer.tokens {
            scanner.skipSpace()
            guard scanner.index < bytes.count else { return nil }
            switch bytes[scanner.index] {
            case UInt8(ascii: "{"): guard scanner.enterMember(named: token) else { return nil }
            case UInt8(ascii: "["): guard let position = Int(token), String(position) == token, scanner.enterElement(position) else { return nil }
            default: return nil
            }
        }
        scanner.skipSpace()
        guard scanner.index < bytes.count, bytes[scanner.index] == UInt8(ascii: "[") else { return nil }
        return scanner.elementRanges()
    }

    /// The byte ranges of the elements at `path` below the root element (child names, without
    /// prefixes, as ``XMLNode/descendants(path:)`` follows them), or `nil`.
    public static func xml(_ bytes: [UInt8], path: [String]) -> [Range<Int>]? {
        var scanner = XMLScanner(bytes: bytes, path: path.map { Array($0.utf8) })
        return scanner.scan()
    }
}

private struct JSONScanner {
    let bytes: [UInt8]
    var index = 0

    mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    /// Moves past a string starting at `index`, returning its raw content (escapes left as they are).
    mutating func string() -> ArraySlice<UInt8>? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        index += 1
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""):
                defer { index += 1 }
                return bytes[start..<index]
            default: index += 1
            }
        }
        return nil
    }

    /// Moves past the value starting at `index`.
    mutating func skipValue() -> Bool {
        skipSpace()
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            // Brackets are counted outside strings; the parser has already matched them.
            var depth = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""): guard string() != nil else { return false }; continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        index += 1
                        return true
                    }
                default: break
                }
                index += 1
            }
            return false
        default:
            while index < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
            return true
        }
    }

    /// From an object's `{`, moves to the value of the member `name` (written without escapes).
    mutating func enterMember(named name: String) -> Bool {
        let wanted = Array(name.utf8)
        index += 1
        while true {
            skipSpace()
            guard let key = string() else { return false }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
            index += 1
            skipSpace()
            if key.elementsEqual(wanted) { return true }
            guard skipValue() else { return false }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return false }
            index += 1
        }
    }

    /// From an array's `[`, moves to its element at `position`.
    mutating func enterElement(_ position: Int) -> Bool {
        index += 1
        for _ in 0..<position {
            guard skipValue() else { return false }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return false }
            index += 1
        }
        skipSpace()
        return index < bytes.count && bytes[index] != UInt8(ascii: "]")
    }

    /// From an array's `[`, the ranges of its elements.
    mutating func elementRanges() -> [Range<Int>]? {
        index += 1
        var ranges: [Range<Int>] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { return ranges }
        while true {
            skipSpace()
            let start = index
            guard skipValue() else { return nil }
            ranges.append(start..<index)
            skipSpace()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "]") { return ranges }
            guard bytes[index] == UInt8(ascii: ",") else { return nil }
            index += 1
        }
    }
}

private struct XMLScanner {
    let bytes: [UInt8]
    let path: [[UInt8]]
    var index = 0
    /// The local names of the open elements, the root first.
    var open: [ArraySlice<UInt8>] = []
    /// Where the record now open starts.
    var recordStart: Int?
    var ranges: [Range<Int>] = []

    init(bytes: [UInt8], path: [[UInt8]]) {
        self.bytes = bytes
        self.path = path
    }

    private func starts(with text: String, at position: Int) -> Bool {
        bytes[position...].starts(with: text.utf8)
    }

    /// Moves past the first `end` at or after `index`.
    private mutating func skip(past end: String) -> Bool {
        let marker = Array(end.utf8)
        while index < bytes.count {
            if bytes[index] == marker[0], bytes[index...].starts(with: marker) {
                index += marker.count
                return true
            }
            index += 1
        }
        return false
    }

    /// Whether the open elements, below the root, are the record path.
    private var atRecordDepth: Bool {
        open.count == path.count + 1 && zip(open.dropFirst(), path).allSatisfy { $0.elementsEqual($1) }
    }

    mutating func scan() -> [Range<Int>]? {
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            if starts(with: "<?", at: index) {
                guard skip(past: "?>") else { return nil }
            } else if starts(with: "<!--", at: index) {
                guard skip(past: "-->") else { return nil }
            } else if starts(with: "<![CDATA[", at: index) {
                guard skip(past: "]]>") else { return nil }
            } else if starts(with: "<!", at: index) {
                guard declaration() else { return nil }
            } else if starts(with: "</", at: index) {
                guard endTag() else { return nil }
            } else {
                guard startTag() else { return nil }
            }
        }
        return open.isEmpty && recordStart == nil ? ranges : nil
    }

    /// `<!DOCTYPE …>`, whose internal subset in brackets may hold `>`.
    private mutating func declaration() -> Bool {
        var brackets = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "["): brackets += 1
            case UInt8(ascii: "]"): brackets -= 1
            case UInt8(ascii: ">") where brackets == 0:
                index += 1
                return true
            default: break
            }
            index += 1
        }
        return false
    }

    /// The local name at `index` (after `<` or `</`), moving past it.
    private mutating func name() -> ArraySlice<UInt8> {
        let start = index
        while index < bytes.count, ![0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "/")].contains(bytes[index]) { index += 1 }
        let qualified = bytes[start..<index]
        guard let colon = qualified.lastIndex(of: UInt8(ascii: ":")) else { return qualified }
        return qualified[(colon + 1)...]
    }

    private mutating func startTag() -> Bool {
        let tagStart = index
        index += 1
        let local = name()
        // Attributes: a quoted value may hold `>` or `/`.
        var quote: UInt8?
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                break
            }
            index += 1
        }
        guard index < bytes.count else { return false }
        let selfClosing = bytes[index - 1] == UInt8(ascii: "/")
        index += 1
        open.append(local)
        if atRecordDepth {
            guard recordStart == nil else { return false }
            recordStart = tagStart
        }
        if selfClosing { close() }
        return true
    }

    private mutating func endTag() -> Bool {
        index += 2
        let local = name()
        guard skip(past: ">"), let last = open.last, last.elementsEqual(local) else { return false }
        close()
        return true
    }

    private mutating func close() {
        if atRecordDepth, let start = recordStart {
            ranges.append(start..<index)
            recordStart = nil
        }
        open.removeLast()
    }
}
