import Foundation

/// An RFC 4180 CSV reader: quoted fields may hold delimiters, quotes (doubled) and line breaks;
/// records end with CRLF, LF or CR; a UTF-8 byte-order mark is skipped; the first record is the
/// header. Errors give the line and column where the problem is.
public enum CSVParser {
    static let format = "csv"

    public static func parse(_ bytes: some Collection<UInt8>, options: CSVOptions = CSVOptions()) throws(SourceFormatError) -> CSVDocument {
        guard bytes.count <= options.limits.maxDocumentBytes else {
            throw SourceFormatError(format: format, rule: "csv.size-limit",
                                    reason: "the file is larger than \(options.limits.maxDocumentBytes) bytes")
        }
        var tokenizer = Tokenizer(bytes: Array(bytes), options: options)
        var rows = try tokenizer.rows()
        guard !rows.isEmpty else {
            throw SourceFormatError(format: format, rule: "csv.no-header", reason: "the file has no header row",
                                    position: SourcePosition(line: 1, column: 1))
        }
        let header = rows.removeFirst()
        let headers = header.fields.map { canonical($0, aliases: options.headerAliases) }
        var columns: [String: Int] = [:]
        for (index, name) in headers.enumerated() {
            guard columns[name] == nil else {
                throw SourceFormatError(format: format, rule: "csv.duplicate-column",
                                        reason: "column \(index + 1) repeats an earlier column name",
                                        position: SourcePosition(line: header.line, column: 1))
            }
            columns[name] = index
        }
        var records: [CSVRecord] = []
        records.reserveCapacity(rows.count)
        for row in rows {
            guard row.fields.count == headers.count else {
                throw SourceFormatError(format: format, rule: "csv.field-count",
                                        reason: "the record has \(row.fields.count) fields; the header has \(headers.count)",
                                        position: SourcePosition(line: row.line, column: 1))
            }
            records.append(CSVRecord(line: row.line, fields: row.fields, columns: columns, bytes: row.bytes))
        }
        // From the file's start, so that a byte-order mark and the header row come with it.
        return CSVDocument(headers: headers, records: records, headerBytes: 0..<header.bytes.upperBound)
    }

    private static func canonical(_ name: String, aliases: [String: String]) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        let folded = trimmed.lowercased()
        return aliases.first { $0.key.trimmingCharacters(in: .whitespaces).lowercased() == folded }?.value ?? trimmed
    }
}

/// Splits bytes into rows of fields, tracking line and column.
private struct Tokenizer {
    let bytes: [UInt8]
    let options: CSVOptions
    var index = 0
    var line = 1
    var column = 1

    init(bytes: [UInt8], options: CSVOptions) {
        self.bytes = bytes
        self.options = options
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    struct Row {
        var line: Int
        var fields: [String]
        /// The row's bytes, with its line break.
        var bytes: Range<Int>
    }

    private static let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    mutating func rows() throws(SourceFormatError) -> [Row] {
        var rows: [Row] = []
        while index < bytes.count {
            let row = try readRow()
            // A line with nothing on it (such as a trailing newline) is not a record.
            if row.fields.count == 1 && row.fields[0].isEmpty { continue }
            rows.append(row)
            if rows.count > options.limits.maxRecords + 1 {
                throw error("csv.record-limit", "the file has more than \(options.limits.maxRecords) records")
            }
        }
        return rows
    }

    private mutating func readRow() throws(SourceFormatError) -> Row {
        let start = line
        let startIndex = index
        var fields: [String] = []
        while true {
            fields.append(try readField())
            guard index < bytes.count else { return Row(line: start, fields: fields, bytes: startIndex..<index) }
            let byte = bytes[index]
            if byte == options.delimiter {
                advance()
                continue
            }
            consumeLineBreak()
            return Row(line: start, fields: fields, bytes: startIndex..<index)
        }
    }

    private mutating func readField() throws(SourceFormatError) -> String {
        var field: [UInt8] = []
        let fieldStart = SourcePosition(line: line, column: column)
        if index < bytes.count && bytes[index] == Self.quote {
            advance()
            while true {
                guard index < bytes.count else {
                    throw SourceFormatError(format: CSVParser.format, rule: "csv.unterminated-quote",
                                            reason: "a quoted field is never closed", position: fieldStart)
                }
                let byte = bytes[index]
                if byte == Self.quote {
                    if index + 1 < bytes.count && bytes[index + 1] == Self.quote {
                        field.append(Self.quote)
                        advance(); advance()
                        continue
                    }
                    advance()
                    break
                }
                if byte == Self.cr || byte == Self.lf {
                    consumeLineBreak()
                    field.append(Self.lf)
                } else {
                    field.append(byte)
                    advance()
                }
                try checkFieldSize(field, start: fieldStart)
            }
            if index < bytes.count && bytes[index] != options.delimiter && bytes[index] != Self.cr && bytes[index] != Self.lf {
                throw error("csv.text-after-quote", "text follows the closing quote of a field")
            }
        } else {
            while index < bytes.count {
                let byte = bytes[index]
                if byte == options.delimiter || byte == Self.cr || byte == Self.lf { break }
                if byte == Self.quote { throw error("csv.stray-quote", "a quote appears inside an unquoted field") }
                field.append(byte)
                advance()
                try checkFieldSize(field, start: fieldStart)
            }
        }
        guard let text = String(validating: field, as: UTF8.self) else {
            throw SourceFormatError(format: CSVParser.format, rule: "csv.encoding", reason: "the field is not valid UTF-8",
                                    position: fieldStart)
        }
        return text
    }

    private func checkFieldSize(_ field: [UInt8], start: SourcePosition) throws(SourceFormatError) {
        if field.count > options.limits.maxFieldBytes {
            throw SourceFormatError(format: CSVParser.format, rule: "csv.field-limit",
                                    reason: "a field is longer than \(options.limits.maxFieldBytes) bytes", position: start)
        }
    }

    private mutating func advance() {
        // Count columns in characters, not bytes: skip UTF-8 continuation bytes.
        if bytes[index] & 0xC0 != 0x80 { column += 1 }
        index += 1
    }

    /// Consumes one CRLF, LF or CR.
    private mutating func consumeLineBreak() {
        guard index < bytes.count else { return }
        if bytes[index] == Self.cr {
            index += 1
            if index < bytes.count && bytes[index] == Self.lf { index += 1 }
        } else if bytes[index] == Self.lf {
            index += 1
        } else {
            return
        }
        line += 1
        column = 1
    }

    private func error(_ rule: String, _ reason: String) -> SourceFormatError {
        SourceFormatError(format: CSVParser.format, rule: rule, reason: reason, position: SourcePosition(line: line, column: column))
    }
}
