/// Reads HL7 v2 ER7 messages. Segments may end with CR (the standard), LF or CRLF; the
/// delimiters come from the MSH segment; escape sequences (\F\ \S\ \T\ \R\ \E\ \Xhh\ \.br\) are
/// decoded. Errors give the segment and the character column.
public enum HL7Parser {
    static let format = "hl7v2"

    public static func parse(_ text: String, limits: SizeLimits = SizeLimits()) throws(SourceFormatError) -> HL7Message {
        try parse(text, limits: limits, splittingASCIIAsBytes: true)
    }

    /// `splittingASCIIAsBytes: false` reads every line by characters (for the tests that hold
    /// the two ways to the same messages and errors).
    static func parse(_ text: String, limits: SizeLimits, splittingASCIIAsBytes: Bool) throws(SourceFormatError) -> HL7Message {
        guard text.utf8.count <= limits.maxDocumentBytes else {
            throw SourceFormatError(format: format, rule: "hl7.size-limit", reason: "the message is larger than \(limits.maxDocumentBytes) bytes")
        }
        // CR and LF are always characters of their own (CRLF one character of two), so lines are
        // split on their bytes as on the characters.
        let bytes = Array(text.utf8)
        let lines = bytes.split(omittingEmptySubsequences: true) { $0 == 0x0D || $0 == 0x0A }
            .map { String(decoding: $0, as: UTF8.self) }
        guard let header = lines.first, header.hasPrefix("MSH"), header.count >= 8 else {
            throw SourceFormatError(format: format, rule: "hl7.missing-msh", reason: "the message does not start with an MSH segment",
                                    position: SourcePosition(line: 1, column: 1))
        }
        guard lines.count <= limits.maxRecords else {
            throw SourceFormatError(format: format, rule: "hl7.segment-limit", reason: "the message has more than \(limits.maxRecords) segments")
        }
        let encoding = try encodingCharacters(Array(header))
        let asciiEncoding = splittingASCIIAsBytes ? ASCIIEncoding(encoding) : nil
        var segments: [HL7Segment] = []
        for (index, line) in lines.enumerated() {
            // An ASCII line has one character per byte: its fields are split as bytes.
            if let asciiEncoding, line.utf8.allSatisfy({ $0 < 0x80 }) {
                segments.append(try asciiSegment(Array(line.utf8), ordinal: index + 1, encoding: encoding, bytes: asciiEncoding, limits: limits))
            } else {
                segments.append(try segment(line, ordinal: index + 1, encoding: encoding, limits: limits))
            }
        }
        return HL7Message(segments: segments, encoding: encoding)
    }

    private static func encodingCharacters(_ header: [Character]) throws(SourceFormatError) -> HL7Encoding {
        // MSH|^~\&| : the fourth character is the field separator, then up to five encoding characters.
        let field = header[3]
        let declared = header[4...].prefix { $0 != field }
        guard declared.count >= 4, Set(declared + [field]).count == declared.count + 1 else {
            throw SourceFormatError(format: format, rule: "hl7.encoding-characters",
                                    reason: "MSH-2 must declare four distinct encoding characters",
                                    position: SourcePosition(line: 1, column: 5))
        }
        let characters = Array(declared)
        return HL7Encoding(field: field, component: characters[0], repetition: characters[1], escape: characters[2], subcomponent: characters[3])
    }

    private static func segment(_ line: String, ordinal: Int, encoding: HL7Encoding, limits: SizeLimits) throws(SourceFormatError) -> HL7Segment {
        var parts = line.split(separator: encoding.field, omittingEmptySubsequences: false).map(String.init)
        let name = parts.removeFirst()
        guard name.count == 3, name.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else {
            throw SourceFormatError(format: format, rule: "hl7.segment-name", reason: "a segment name must be three capital letters or digits",
                                    position: SourcePosition(line: ordinal, column: 1))
        }
        var fields: [HL7Field] = []
        if name == "MSH" {
            // MSH-1 is the separator itself and MSH-2 the encoding characters, taken literally.
            fields.append(HL7Field(repetitions: [[[String(encoding.field)]]]))
            fields.append(HL7Field(repetitions: [[[parts.isEmpty ? "" : parts.removeFirst()]]]))
        }
        var column = name.count + 2 + (name == "MSH" ? (fields[1].first?.count ?? 0) + 1 : 0)
        for part in parts {
            guard part.utf8.count <= limits.maxFieldBytes else {
                throw SourceFormatError(format: format, rule: "hl7.field-limit", reason: "a field is longer than \(limits.maxFieldBytes) bytes",
                                        position: SourcePosition(line: ordinal, column: column))
            }
            fields.append(try field(part, encoding: encoding, position: SourcePosition(line: ordinal, column: column)))
            column += part.count + 1
        }
        return HL7Segment(name: name, fields: fields, ordinal: ordinal)
    }

    /// The encoding characters as bytes, when all are ASCII.
    struct ASCIIEncoding {
        let field, component, repetition, escape, subcomponent: UInt8

        init?(_ encoding: HL7Encoding) {
            guard let field = encoding.field.asciiValue, let component = encoding.component.asciiValue,
                  let repetition = encoding.repetition.asciiValue, let escape = encoding.escape.asciiValue,
                  let subcomponent = encoding.subcomponent.asciiValue else { return nil }
            (self.field, self.component, self.repetition, self.escape, self.subcomponent) = (field, component, repetition, escape, subcomponent)
        }
    }

    /// ``segment(_:ordinal:encoding:limits:)`` for a line of ASCII, where each character is a byte:
    /// the same fields, checks, errors and columns.
    private static func asciiSegment(_ line: [UInt8], ordinal: Int, encoding: HL7Encoding, bytes ascii: ASCIIEncoding,
                                     limits: SizeLimits) throws(SourceFormatError) -> HL7Segment {
        var parts = line.split(separator: ascii.field, omittingEmptySubsequences: false)
        let nameBytes = parts.removeFirst()
        guard nameBytes.count == 3, nameBytes.allSatisfy({ (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) }) else {
            throw SourceFormatError(format: format, rule: "hl7.segment-name", reason: "a segment name must be three capital letters or digits",
                                    position: SourcePosition(line: ordinal, column: 1))
        }
        let name = String(decoding: nameBytes, as: UTF8.self)
        var fields: [HL7Field] = []
        if name == "MSH" {
            fields.append(HL7Field(repetitions: [[[String(encoding.field)]]]))
            fields.append(HL7Field(repetitions: [[[parts.isEmpty ? "" : String(decoding: parts.removeFirst(), as: UTF8.self)]]]))
        }
        var column = name.count + 2 + (name == "MSH" ? (fields[1].first?.count ?? 0) + 1 : 0)
        for part in parts {
            guard part.count <= limits.maxFieldBytes else {
                throw SourceFormatError(format: format, rule: "hl7.field-limit", reason: "a field is longer than \(limits.maxFieldBytes) bytes",
                                        position: SourcePosition(line: ordinal, column: column))
            }
            let position = SourcePosition(line: ordinal, column: column)
            fields.append(HL7Field(repetitions: try repetitions(
                of: part, repetition: ascii.repetition, component: ascii.component, subcomponent: ascii.subcomponent
            ) { (subcomponent) throws(SourceFormatError) -> String in
                let text = String(decoding: subcomponent, as: UTF8.self)
                return subcomponent.contains(ascii.escape) ? try unescape(text[...], encoding: encoding, position: position) : text
            }))
            column += part.count + 1
        }
        return HL7Segment(name: name, fields: fields, ordinal: ordinal)
    }

    private static func field(_ text: String, encoding: HL7Encoding, position: SourcePosition) throws(SourceFormatError) -> HL7Field {
        HL7Field(repetitions: try repetitions(
            of: text, repetition: encoding.repetition, component: encoding.component, subcomponent: encoding.subcomponent
        ) { (subcomponent) throws(SourceFormatError) -> String in try unescape(subcomponent, encoding: encoding, position: position) })
    }

    /// A field's repetitions, components and sub-components, each sub-component made by `text`;
    /// for characters and for ASCII bytes alike.
    private static func repetitions<Text: Collection>(
        of field: Text, repetition: Text.Element, component: Text.Element, subcomponent: Text.Element,
        text: (Text.SubSequence) throws(SourceFormatError) -> String
    ) throws(SourceFormatError) -> [[[String]]] where Text.Element: Equatable {
        var repetitions: [[[String]]] = []
        for part in field.split(separator: repetition, omittingEmptySubsequences: false) {
            var components: [[String]] = []
            for componentText in part.split(separator: component, omittingEmptySubsequences: false) {
                var subcomponents: [String] = []
                for subcomponentText in componentText.split(separator: subcomponent, omittingEmptySubsequences: false) {
                    subcomponents.append(try text(subcomponentText))
                }
                components.append(subcomponents)
            }
            repetitions.append(components)
        }
        return repetitions
    }

    /// Decodes escape sequences. Highlighting (\H\, \N\) is dropped; an unknown or unterminated
    /// sequence is an error.
    static func unescape(_ text: Substring, encoding: HL7Encoding, position: SourcePosition) throws(SourceFormatError) -> String {
        guard text.contains(encoding.escape) else { return String(text) }
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            guard character == encoding.escape else {
                result.append(character)
                index = text.index(after: index)
                continue
            }
            let start = text.index(after: index)
            guard let end = text[start...].firstIndex(of: encoding.escape) else {
                throw SourceFormatError(format: format, rule: "hl7.escape", reason: "an escape sequence is not closed", position: position)
            }
            let sequence = text[start..<end]
            switch sequence {
            case "F": result.append(encoding.field)
            case "S": result.append(encoding.component)
            case "T": result.append(encoding.subcomponent)
            case "R": result.append(encoding.repetition)
            case "E": result.append(encoding.escape)
            case "H", "N": break
            case ".br": result.append("\n")
            default:
                guard sequence.first == "X", sequence.count > 1, sequence.count % 2 == 1,
                      let bytes = hexBytes(sequence.dropFirst()), let decoded = String(validating: bytes, as: UTF8.self) else {
                    throw SourceFormatError(format: format, rule: "hl7.escape", reason: "an unknown escape sequence", position: position)
                }
                result += decoded
            }
            index = text.index(after: end)
        }
        return result
    }

    private static func hexBytes(_ hex: Substring) -> [UInt8]? {
        var bytes: [UInt8] = []
        var iterator = hex.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            guard let value = UInt8(String([high, low]), radix: 16) else { return nil }
            bytes.append(value)
        }
        return bytes
    }
}
