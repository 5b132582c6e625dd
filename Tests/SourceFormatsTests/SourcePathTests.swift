import Foundation
import SourceFormats
import Testing

@Suite("Paths into source documents")
struct SourcePathTests {
    @Test("a FHIR path names the members it reads: its elements and its filters'")
    func fhirMemberNames() throws {
        #expect(try FHIRResourcePath("Observation[code.coding.code=716619000].subject.resolve().birthDate").memberNames == ["code", "coding", "subject", "birthDate"])
        #expect(try FHIRResourcePath("Patient.identifier[system=https://fhir.nhs.uk/Id/nhs-number].value").memberNames == ["identifier", "system", "value"])
        #expect(try FHIRResourcePath("Patient").memberNames.isEmpty)
    }

    @Test("JSON pointers, with escapes and array indices")
    func jsonPointer() throws {
        let document = try JSONParser.parse(Array(#"{"a/b":{"~c":[10,{"d":"x"}]},"":1}"#.utf8))
        #expect(try JSONPointer("/a~1b/~0c/0").resolve(in: document) == .number("10"))
        #expect(try JSONPointer("/a~1b/~0c/1/d").resolve(in: document)?.stringValue == "x")
        #expect(try JSONPointer("").resolve(in: document) == document)
        #expect(try JSONPointer("/").resolve(in: document) == .number("1"))
        #expect(try JSONPointer("/a~1b/~0c/01").resolve(in: document) == nil, "no leading zeros in indices")
        #expect(try JSONPointer("/missing").resolve(in: document) == nil)
        #expect(throws: SourceFormatError.self) { try JSONPointer("a/b") }
        #expect(throws: SourceFormatError.self) { try JSONPointer("/a~2") }
    }

    static let message = try! HL7Parser.parse([
        #"MSH|^~\&|CHIS|RR8|EYHUB|LEEDS|20260502101500||ORU^R01|MSG0001|P|2.5.1"#,
        #"PID|1||12067204^^^R0A^MR~9434765919^^^NHS^NH||O'BRIEN^AOIFE^SIÂN||20240130|F"#,
        #"OBX|1|NM|716619000^ASQ-3 communication^SCT||25"#,
        #"OBX|2|NM|716619000^ASQ-3 gross motor^SCT||55"#,
        #"OBX|3|NM|ASQ3-COM^Communication^99ASQ~716619000^^SCT||40|||L"#,
    ].joined(separator: "\r"))

    @Test("HL7 paths pick a repetition by a component's value", arguments: [
        ("PID-3[NHS].1", ["9434765919"]),
        ("PID-3[5=MR].1", ["12067204"]),
        ("PID-3.1", ["12067204"]),
        ("PID-3[*].1", ["12067204", "9434765919"]),
        ("PID-5.2", ["AOIFE"]),
        ("PID-7", ["20240130"]),
        ("OBX-5", ["25", "55", "40"]),
        ("OBX-3.2", ["ASQ-3 communication", "ASQ-3 gross motor", "Communication"]),
        ("OBX[3.2=ASQ-3 gross motor]-5", ["55"]),
        ("OBX[3.1=ASQ3-COM]-8", ["L"]),
        ("OBX[3=716619000]-1", ["1", "2", "3"]),
        ("OBX[1=2]-5", ["55"]),
        ("OBX[3.1=nothing]-5", []),
        ("PID-3[XYZ].1", []),
        ("NK1-2", []),
    ])
    func hl7(_ path: String, _ expected: [String]) throws {
        #expect(try HL7Path(path).values(in: Self.message) == expected)
    }

    @Test("malformed HL7 paths are refused", arguments: ["PID3", "PIDX-3", "PID-0", "PID-3[", "PID-3[].1", "PID-3.1.2.3", "PID-3.x", "OBX[3.1]-5", "OBX[x=1]-5", "OBX[3.1=A-5", "OBX[0=A]-5", "OBX[3=A]5"])
    func badHL7Paths(_ path: String) {
        #expect(throws: SourceFormatError.self) { try HL7Path(path) }
    }

    static let bundleDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/fixtures/dch-fhir-stu3")

    @Test("FHIR paths filter, follow references and reach contained resources in a real DCH bundle")
    func fhir() throws {
        let bytes = try [UInt8](Data(contentsOf: Self.bundleDirectory.appendingPathComponent("DCH-AssessmentScales-Bundle-Example-1.json")))
        let bundle = try FHIRBundleParser.parse(bytes)
        let nhs = try FHIRResourcePath("Patient.identifier[system=https://fhir.nhs.uk/Id/nhs-number].value").strings(in: bundle)
        #expect(nhs.count == 1)
        #expect(nhs.first?.count == 10)
        let birthDates = try FHIRResourcePath("Observation[code.coding.code=716619000].subject.resolve().birthDate").strings(in: bundle)
        #expect(birthDates == (try FHIRResourcePath("Patient.birthDate").strings(in: bundle)))
        #expect(!birthDates.isEmpty)
        let subscores = try FHIRResourcePath("Observation.related.target.resolve().resourceType").strings(in: bundle)
        #expect(subscores == ["Observation", "Observation"])
        #expect(try FHIRResourcePath("Observation[code.coding.code=000].subject").values(in: bundle).isEmpty)
    }

    @Test("malformed FHIR paths are refused", arguments: ["patient.birthDate", "Patient..birthDate", "Patient.identifier[system", "Patient.identifier[system]"])
    func badFHIRPaths(_ path: String) {
        #expect(throws: SourceFormatError.self) { try FHIRResourcePath(path) }
    }
}
