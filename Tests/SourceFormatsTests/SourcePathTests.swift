import Foundation
import SourceFormats
import Testing

@Suite("Paths into source documents")
struct SourcePathTests {
    @Test("a bundle read through its paths' projection keeps only what the paths and the bundle's own reading need")
    func fhirProjection() throws {
        let bundle = Array(#"""
            {"resourceType":"Bundle","type":"message","id":"b1","meta":{"lastUpdated":"2025-01-01"},
             "entry":[
              {"fullUrl":"urn:uuid:1","search":{"mode":"match"},"resource":{"resourceType":"MessageHeader","id":"h","event":{"code":"CH004","display":"x"},
                "focus":[{"reference":"urn:uuid:2","display":"y"}],"source":{"name":"s"}}},
              {"fullUrl":"urn:uuid:2","resource":{"resourceType":"Observation","id":"o","status":"final",
                "code":{"coding":[{"system":"http://snomed.info/sct","code":"716619000","display":"ASQ"}]},
                "subject":{"reference":"urn:uuid:3","display":"z"},
                "related":[{"type":"has-member","target":{"reference":"#c1"}}],
                "contained":[{"resourceType":"Observation","id":"c1","status":"final","valueQuantity":{"value":45,"unit":"score"}}]}},
              {"fullUrl":"urn:uuid:3","resource":{"resourceType":"Patient","id":"p","gender":"female","birthDate":"2023-01-30",
                "identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9434765919","extension":[{"url":"u"}]}]}}]}
            """#.utf8)
        let paths = try [
            "Observation[code.coding.code=716619000].subject.resolve().birthDate",
            "Observation.related.target.resolve().valueQuantity.value",
        ].map(FHIRResourcePath.init)
        let projection = FHIRBundleParser.projection(reading: paths)
        let kept = try FHIRBundleParser.parse(bundle, projection: projection)
        let expected = try JSONParser.parse(Array(#"""
            {"resourceType":"Bundle","type":"message",
             "entry":[
              {"fullUrl":"urn:uuid:1","resource":{"resourceType":"MessageHeader","id":"h","event":{"code":"CH004"},"focus":[{"reference":"urn:uuid:2"}]}},
              {"fullUrl":"urn:uuid:2","resource":{"resourceType":"Observation","id":"o","code":{"coding":[{"code":"716619000"}]},
                "subject":{"reference":"urn:uuid:3"},"related":[{"target":{"reference":"#c1"}}],
                "contained":[{"resourceType":"Observation","id":"c1","valueQuantity":{"value":45}}]}},
              {"fullUrl":"urn:uuid:3","resource":{"resourceType":"Patient","id":"p","birthDate":"2023-01-30"}}]}
            """#.utf8))
        #expect(kept.root == expected)
        // The paths read the same through the projection as through the whole bundle.
        let whole = try FHIRBundleParser.parse(bundle)
        for path in paths { #expect(path.strings(in: kept) == path.strings(in: whole)) }
        #expect(paths[0].strings(in: whole) == ["2023-01-30"])
        #expect(paths[1].strings(in: whole) == ["45"])
    }

    @Test("a projection link merges what was kept below the name into its target")
    func projectionLink() throws {
        var projection = JSONProjection()
        let a = projection.member("a", of: .root)
        projection.members(["b", "c"], of: a)
        projection.member("d", of: .root)
        projection.link("a", of: .root, to: .root)
        let document = Array(#"{"a":{"a":{"d":1,"e":2},"b":{"c":3,"x":4},"d":5},"d":6,"y":7}"#.utf8)
        let kept = try JSONParser.parse(document, projection: projection)
        #expect(kept == (try JSONParser.parse(Array(#"{"a":{"a":{"d":1},"b":{"c":3},"d":5},"d":6}"#.utf8))))
        // The empty name is a name like any other.
        let empty = try JSONParser.parse(Array(#"{"":{"":1,"x":2},"y":3}"#.utf8), keeping: [""])
        #expect(empty == (try JSONParser.parse(Array(#"{"":{"":1}}"#.utf8))))
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
