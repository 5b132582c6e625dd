import SourceFormats
import Testing

@Suite("HL7 v2")
struct HL7ParserTests {
    static let oru = [
        #"MSH|^~\&|CHIS|RR8|EYHUB|LEEDS|20260502101500||ORU^R01^ORU_R01|MSG0001|P|2.5.1"#,
        #"PID|1||9434765919^^^NHS^NH~12067204^^^R0A^MR||O'BRIEN^AOIFE^SIÂN||20240130|F|||12 Hill St^^Leeds^^LS1 4AP"#,
        #"OBR|1||REV-77|0020^2-2½ Year HV Review^DCH-ENC|||20260502"#,
        #"OBX|1|NM|716619000^ASQ-3 communication^SCT||25|score|||||F"#,
        #"OBX|2|NM|716619000^ASQ-3 gross motor^SCT||55|score|||||F"#,
        #"OBR|2||REV-78|0026^Ad-hoc Health Review^DCH-ENC|||20260510"#,
        #"OBX|1|TX|NOTE^Note^L||Parent said \T\ smiled\.br\second line \F\ \S\ \R\ \E\|||||F"#,
    ]

    @Test("fields, components, repetitions and escapes, whatever the line endings", arguments: ["\r", "\n", "\r\n"])
    func structure(_ separator: String) throws {
        let message = try HL7Parser.parse(Self.oru.joined(separator: separator) + separator)
        #expect(message.segments.map(\.name) == ["MSH", "PID", "OBR", "OBX", "OBX", "OBR", "OBX"])
        let msh = try #require(message.segment("MSH"))
        #expect(msh.field(1).first == "|")
        #expect(msh.field(2).first == #"^~\&"#)
        #expect(msh.field(9).value(component: 1) == "ORU")
        #expect(msh.field(9).value(component: 2) == "R01")
        #expect(msh.field(12).first == "2.5.1")
        let pid = try #require(message.segment("PID"))
        let identifiers = pid.field(3)
        #expect(identifiers.repetitions.count == 2)
        #expect(identifiers.value(repetition: 0, component: 1) == "9434765919")
        #expect(identifiers.value(repetition: 0, component: 4) == "NHS")
        #expect(identifiers.value(repetition: 1, component: 5) == "MR")
        #expect(pid.field(5).value(component: 2) == "AOIFE")
        #expect(pid.field(5).value(component: 3) == "SIÂN")
        #expect(pid.field(11).value(component: 5) == "LS1 4AP")
        let note = try #require(message.segments(named: "OBX").last)
        #expect(note.field(5).first == "Parent said & smiled\nsecond line | ^ ~ \\")
    }

    @Test("segment groups: each OBR with its OBX segments")
    func groups() throws {
        let message = try HL7Parser.parse(Self.oru.joined(separator: "\r"))
        let groups = message.groups(startingWith: "OBR")
        #expect(groups.count == 2)
        #expect(groups[0].map(\.name) == ["OBR", "OBX", "OBX"])
        #expect(groups[0][1].field(5).first == "25")
        #expect(groups[1].map(\.name) == ["OBR", "OBX"])
    }

    @Test("delimiters come from MSH, not from habit")
    func customDelimiters() throws {
        let message = try HL7Parser.parse("MSH#!*$@#CHIS\rPID#1##9434765919!!!NHS!NH*123!!!X!MR")
        #expect(message.encoding.component == "!")
        let identifiers = message.segment("PID")!.field(3)
        #expect(identifiers.repetitions.count == 2)
        #expect(identifiers.value(repetition: 0, component: 4) == "NHS")
    }

    @Test("hex escapes decode as UTF-8, and bad escapes are errors at their segment")
    func escapes() throws {
        let message = try HL7Parser.parse("MSH|^~\\&|A\rNTE|1||Si\\XC3A2\\n")
        #expect(message.segment("NTE")?.field(3).first == "Siân")
        let unknown = #expect(throws: SourceFormatError.self) { try HL7Parser.parse("MSH|^~\\&|A\rNTE|1||bad\\Q\\x") }
        #expect(unknown?.rule == "hl7.escape")
        #expect(unknown?.position?.line == 2)
        let open = #expect(throws: SourceFormatError.self) { try HL7Parser.parse("MSH|^~\\&|A\rNTE|1||open\\F") }
        #expect(open?.rule == "hl7.escape")
    }

    @Test("a message must start with MSH and declare its encoding characters")
    func header() {
        let missing = #expect(throws: SourceFormatError.self) { try HL7Parser.parse("PID|1||9434765919") }
        #expect(missing?.rule == "hl7.missing-msh")
        let encoding = #expect(throws: SourceFormatError.self) { try HL7Parser.parse("MSH|^^\\&|A") }
        #expect(encoding?.rule == "hl7.encoding-characters")
        let name = #expect(throws: SourceFormatError.self) { try HL7Parser.parse("MSH|^~\\&|A\rpid|1") }
        #expect(name?.rule == "hl7.segment-name")
        #expect(name?.position?.line == 2)
    }

    @Test("limits bound the message, each field and the number of segments")
    func limits() {
        let text = Self.oru.joined(separator: "\r")
        #expect(throws: SourceFormatError.self) { try HL7Parser.parse(text, limits: SizeLimits(maxDocumentBytes: 100)) }
        let field = #expect(throws: SourceFormatError.self) { try HL7Parser.parse(text, limits: SizeLimits(maxFieldBytes: 20)) }
        #expect(field?.rule == "hl7.field-limit")
        let segments = #expect(throws: SourceFormatError.self) { try HL7Parser.parse(text, limits: SizeLimits(maxRecords: 3)) }
        #expect(segments?.rule == "hl7.segment-limit")
    }
}
