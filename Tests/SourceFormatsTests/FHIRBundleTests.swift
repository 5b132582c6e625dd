import Foundation
import SourceFormats
import Testing

@Suite("FHIR message bundles")
struct FHIRBundleTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/fixtures/dch-fhir-stu3")

    func load(_ name: String) throws -> FHIRBundle {
        try FHIRBundleParser.parse([UInt8](Data(contentsOf: Self.directory.appendingPathComponent(name))))
    }

    @Test("every DCH example is an STU3 message bundle with a DCH event code, except the malformed one")
    func allExamples() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".json") }
        for file in files where file != "DCH-Referral-Bundle-Example-1.json" {
            let bundle = try load(file)
            #expect(bundle.version == .stu3, "\(file)")
            #expect(bundle.eventCode?.hasPrefix("CH") == true, "\(file)")
            #expect(!bundle.resources(ofType: "Patient").isEmpty, "\(file)")
        }
        let error = #expect(throws: SourceFormatError.self) { try load("DCH-Referral-Bundle-Example-1.json") }
        #expect(error?.format == "fhir-json")
        #expect(error?.position != nil, "the parse error says where")
    }

    @Test("the ASQ-3 bundle: focus, bundle references and contained sub-scores resolve")
    func assessmentScales() throws {
        let bundle = try load("DCH-AssessmentScales-Bundle-Example-1.json")
        #expect(bundle.eventCode == "CH004")
        #expect(bundle.focus.first?["resourceType"]?.stringValue == "Encounter")
        let observation = try #require(bundle.resources(ofType: "Observation").first)
        #expect(observation["code"]?["coding"]?[0]?["code"]?.stringValue == "716619000")
        let patient = try #require(bundle.resolve(observation["subject"]!["reference"]!.stringValue!))
        #expect(patient["resourceType"]?.stringValue == "Patient")
        let related = observation["related"]?.arrayValue ?? []
        let subscores = related.compactMap { $0["target"]?["reference"]?.stringValue }.compactMap { bundle.resolve($0, from: observation) }
        #expect(subscores.count == related.count)
        #expect(subscores.allSatisfy { $0["resourceType"]?.stringValue == "Observation" })
        #expect(bundle.resolve("#NoSuchScore", from: observation) == nil)
    }

    @Test("R4 bundles: eventCoding and relative references")
    func r4() throws {
        let json = #"""
        {"resourceType":"Bundle","type":"message","entry":[
          {"fullUrl":"https://hv.example/fhir/MessageHeader/1","resource":{"resourceType":"MessageHeader","id":"1","eventCoding":{"system":"https://fhir.nhs.uk/CodeSystem/message-event","code":"CH004"},"focus":[{"reference":"Encounter/e1"}]}},
          {"fullUrl":"https://hv.example/fhir/Patient/p1","resource":{"resourceType":"Patient","id":"p1"}},
          {"fullUrl":"https://hv.example/fhir/Encounter/e1","resource":{"resourceType":"Encounter","id":"e1","subject":{"reference":"Patient/p1"}}}
        ]}
        """#
        let bundle = try FHIRBundleParser.parse(Array(json.utf8))
        #expect(bundle.version == .r4)
        #expect(bundle.eventCode == "CH004")
        let encounter = try #require(bundle.focus.first)
        #expect(bundle.resolve(encounter["subject"]!["reference"]!.stringValue!)?["id"]?.stringValue == "p1")
        #expect(bundle.resolve("Patient/unknown") == nil)
    }

    @Test("documents that are not message bundles are refused with a rule")
    func notMessages() {
        for (json, rule) in [
            (#"{"resourceType":"Patient"}"#, "fhir.not-a-bundle"),
            (#"{"resourceType":"Bundle","type":"collection","entry":[]}"#, "fhir.not-a-message"),
            (#"{"resourceType":"Bundle","type":"message","entry":[{"fullUrl":"x"}]}"#, "fhir.entry-without-resource"),
            (#"{"resourceType":"Bundle","type":"message","entry":[{"resource":{"resourceType":"Patient"}}]}"#, "fhir.no-message-header"),
        ] {
            let error = #expect(throws: SourceFormatError.self) { try FHIRBundleParser.parse(Array(json.utf8)) }
            #expect(error?.rule == rule, "\(json)")
        }
    }
}
