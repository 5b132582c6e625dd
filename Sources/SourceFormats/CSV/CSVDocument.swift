/// A parsed CSV file: its header row and its records.
public struct CSVDocument: Sendable, Hashable {
    /// Column names as they appear in the file, after aliases are applied.
    public var headers: [String]
    public var records: [CSVRecord]
    /// The file's bytes up to the end of the header row (a byte-order mark included): with one
    /// record's ``CSVRecord/bytes`` after them, a file of just that record.
    public var headerBytes: Range<Int>
}

/// One record of a CSV file.
public struct CSVRecord: Sendable, Hashable {
    /// The line the record starts on (a quoted field may span several lines).
    public var line: Int
    public var fields: [String]
    let columns: [String: Int]
    /// Where the record is in the file's bytes, its line break included.
    public var bytes: Range<Int>

    /// The value in the named column, or `nil` if the file has no such column.
    public subscript(column: String) -> String? {
        columns[column].map { fields[$0] }
    }
}

/// How to read a CSV file.
public struct CSVOptions: Sendable, Hashable {
    /// `,` by default; `;` for exports from systems set to a European locale.
    public var delimiter: UInt8
    /// Other names a column may have in an export, mapped (case-insensitively, ignoring
    /// surrounding spaces) to the name the mapping uses, such as `"Child DOB": "dob"`.
    public var headerAliases: [String: String]
    public var limits: SizeLimits

    public init(delimiter: Character = ",", headerAliases: [String: String] = [:], limits: SizeLimits = SizeLimits()) {
        self.delimiter = delimiter.asciiValue ?? UInt8(ascii: ",")
        self.headerAliases = headerAliases
        self.limits = limits
    }
}
