import SourceFormats
import Testing

@Suite("CSV")
struct CSVParserTests {
    func parse(_ text: String, _ options: CSVOptions = CSVOptions()) throws -> CSVDocument {
        try CSVParser.parse(Array(text.utf8), options: options)
    }

    @Test("quoted fields hold commas, doubled quotes and line breaks")
    func quotedFields() throws {
        let document = try parse("child_id,name,notes\r\n1,\"O'Brien, Aoife\",\"said \"\"hello\"\"\nthen left\"\r\n2,Siân Davies,\r\n")
        #expect(document.headers == ["child_id", "name", "notes"])
        #expect(document.records.count == 2)
        #expect(document.records[0]["name"] == "O'Brien, Aoife")
        #expect(document.records[0]["notes"] == "said \"hello\"\nthen left")
        #expect(document.records[1]["name"] == "Siân Davies")
        #expect(document.records[1]["notes"] == "")
        #expect(document.records[1].line == 4, "the second record starts after the two-line field")
    }

    @Test("each record knows its bytes, and the header's run from the file's start: together a file of that record alone")
    func recordBytes() throws {
        let header = "\u{FEFF}id;name\r\n"
        let rows = ["1;\"Aoife\r\nO'Brien\"\r\n", "2;Siân\r", "3;Tom"]
        let text = header + rows[0] + "\n\n" + rows[1] + rows[2]
        let bytes = Array(text.utf8)
        let document = try CSVParser.parse(bytes, options: CSVOptions(delimiter: ";"))
        #expect(Array(bytes[document.headerBytes]) == Array(header.utf8))
        #expect(document.records.map { Array(bytes[$0.bytes]) } == rows.map { Array($0.utf8) })
        for (record, row) in zip(document.records, rows) {
            let alone = try CSVParser.parse(Array(bytes[document.headerBytes]) + Array(bytes[record.bytes]), options: CSVOptions(delimiter: ";"))
            #expect(alone.headers == document.headers && alone.records.map(\.fields) == [record.fields], "\(row)")
        }
    }

    @Test("a UTF-8 byte-order mark is skipped, and LF, CRLF and CR all end records")
    func bomAndLineEndings() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id,dob\n1,2024-01-02\r\n2,2024-03-04\r3,2024-05-06".utf8)
        let document = try CSVParser.parse(bytes)
        #expect(document.headers == ["id", "dob"])
        #expect(document.records.map { $0["dob"] } == ["2024-01-02", "2024-03-04", "2024-05-06"])
        #expect(document.records.map(\.line) == [2, 3, 4])
    }

    @Test("header aliases map an export's names to the mapping's, ignoring case and spaces")
    func aliases() throws {
        let options = CSVOptions(headerAliases: ["Child DOB": "dob", "Surname": "family_name"])
        let document = try parse(" child dob ,SURNAME\n2023-02-01,Smith-Jones\n", options)
        #expect(document.headers == ["dob", "family_name"])
        #expect(document.records[0]["family_name"] == "Smith-Jones")
    }

    @Test("a semicolon delimiter reads European-locale exports")
    func semicolon() throws {
        let document = try parse("id;hours\n1;15,5\n", CSVOptions(delimiter: ";"))
        #expect(document.records[0]["hours"] == "15,5")
    }

    @Test("an unterminated quote is reported where the field starts")
    func unterminatedQuote() {
        let error = #expect(throws: SourceFormatError.self) { try parse("id,name\n1,\"Smith\n2,Jones\n") }
        #expect(error?.rule == "csv.unterminated-quote")
        #expect(error?.position == SourcePosition(line: 2, column: 3))
    }

    @Test("a stray quote and text after a closing quote are errors with their position")
    func strayQuotes() {
        let stray = #expect(throws: SourceFormatError.self) { try parse("id,name\n1,Sm\"ith\n") }
        #expect(stray?.rule == "csv.stray-quote")
        #expect(stray?.position == SourcePosition(line: 2, column: 5))
        let after = #expect(throws: SourceFormatError.self) { try parse("id,name\n1,\"Smith\"x\n") }
        #expect(after?.rule == "csv.text-after-quote")
    }

    @Test("a record with the wrong number of fields names its line, not its contents")
    func fieldCount() {
        let error = #expect(throws: SourceFormatError.self) { try parse("id,name\n1,Smith\n2,Jones,extra\n") }
        #expect(error?.rule == "csv.field-count")
        #expect(error?.position?.line == 3)
        #expect(!(error?.description.contains("Jones") ?? true))
    }

    @Test("size limits bound the document, each field and the number of records")
    func limits() {
        let small = SizeLimits(maxDocumentBytes: 10, maxFieldBytes: 4, maxRecords: 1)
        #expect(throws: SourceFormatError.self) { try parse("id,name\n1,Smith\n", CSVOptions(limits: small)) }
        let fields = SizeLimits(maxDocumentBytes: 1_000, maxFieldBytes: 4, maxRecords: 10)
        let field = #expect(throws: SourceFormatError.self) { try parse("id,name\n1,Smithson\n", CSVOptions(limits: fields)) }
        #expect(field?.rule == "csv.field-limit")
        let records = SizeLimits(maxDocumentBytes: 1_000, maxFieldBytes: 100, maxRecords: 1)
        let count = #expect(throws: SourceFormatError.self) { try parse("id\n1\n2\n", CSVOptions(limits: records)) }
        #expect(count?.rule == "csv.record-limit")
    }

    @Test("invalid UTF-8 is an error at the field, and an empty file has no header")
    func encodingAndEmpty() {
        let bad = #expect(throws: SourceFormatError.self) { try CSVParser.parse(Array("id,name\n1,".utf8) + [0xC3, 0x28]) }
        #expect(bad?.rule == "csv.encoding")
        #expect(bad?.position == SourcePosition(line: 2, column: 3))
        let empty = #expect(throws: SourceFormatError.self) { try CSVParser.parse([UInt8]()) }
        #expect(empty?.rule == "csv.no-header")
    }

    @Test("a repeated column name is an error")
    func duplicateColumn() {
        let error = #expect(throws: SourceFormatError.self) { try parse("id,name,Name\n", CSVOptions(headerAliases: ["name": "name"])) }
        #expect(error?.rule == "csv.duplicate-column")
    }
}
