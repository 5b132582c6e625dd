import EarlyYearsSchema
import Foundation
@testable import Mapping
import SourceFormats
import Testing

@Suite("FHIR resources under each")
struct FHIREachTests {
    /// A CH029 safety-alerts rule made once per alert Observation: the child from the bundle's
    /// Patient, the flag from the alert itself.
    static let mapping = """
        id: dch-alerts
        version: "1"
        format: fhir
        source: { org_type: health_visiting, org_code: RX3QJ, system: DCH }
        lawful_basis: { article_6: 6_1_e, article_9: 9_2_h, dpa_schedule_1_paragraph: 2 }
        special_category: true
        events:
          - event_type: safeguarding_flag
            each: Observation
            when: { path: MessageHeader.event.code, equals: CH029 }
            action: { constant: new }
            record_id: { paths: [MessageHeader.focus.reference, MessageHeader.event.code, Observation.code.text], concat: "#" }
            record_version: { path: MessageHeader.timestamp }
            occurred_at: { path: MessageHeader.timestamp, date_time: { formats: ["yyyy-MM-dd'T'HH:mm:ssxxx"] } }
            fields:
              subject.family_name: { path: "Patient.name[use=official].family" }
              subject.birth_date: { path: Patient.birthDate, date: { formats: [yyyy-MM-dd] } }
              payload.flag: { path: Observation.code.text, lookup: { table: { "Risk from others": risk_from_others, "Risk to self": risk_to_self }, unmapped: error } }
              payload.status: { constant: active }
              payload.recorded_on: { path: MessageHeader.focus.resolve().period.start, date: { formats: ["yyyy-MM-dd'T'HH:mm:ssXXX", yyyy-MM-dd] } }
        """

    /// The published DCH Safety Alerts example with a second alert beside its first.
    static func bundle(secondAlert: String? = "Risk to self") throws -> [UInt8] {
        let url = MappingEngineTests.root.deletingLastPathComponent().appendingPathComponent("shared/fixtures/dch-fhir-stu3/DCH-SafetyAlerts-Bundle-Example-1.json")
        var bundle = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var entries = try #require(bundle["entry"] as? [[String: Any]])
        let alert = try #require(entries.firstIndex { ($0["resource"] as? [String: Any])?["resourceType"] as? String == "Observation" })
        if let secondAlert {
            var second = entries[alert]
            var resource = try #require(second["resource"] as? [String: Any])
            resource["code"] = ["text": secondAlert]
            second["resource"] = resource
            second["fullUrl"] = "urn:uuid:5b0e0b6c-3f0c-4b7e-9d51-2d8f6f0c1a77"
            entries.insert(second, at: alert + 1)
        }
        bundle["entry"] = entries
        return [UInt8](try JSONSerialization.data(withJSONObject: bundle))
    }

    static func engine(_ yaml: String = mapping, keepingOnlyMembersRead: Bool = true) throws -> MappingEngine {
        let definition = try MappingLoader.load(yaml: yaml, file: "m.yaml", catalog: MappingEngineTests.catalog)
        return MappingEngine(definition: definition, catalog: MappingEngineTests.catalog, adapter: "hv-dch-fhir", keepingOnlyMembersRead: keepingOnlyMembersRead)
    }

    @Test("one event per resource of the type, reading that resource alone and the rest of the bundle as a whole")
    func eachAlert() throws {
        let results = try Self.engine().run(Self.bundle(), input: "alerts.json", recordedAt: "2026-03-02T10:00:00Z")
        guard results.count == 1, case .events(let mapped) = results[0].outcome else { Issue.record("expected events: \(results)"); return }
        let flags = mapped.compactMap { mapped -> SafeguardingFlagPayload.Flag? in
            if case .safeguardingFlag(let payload) = mapped.event.payload { payload.flag } else { nil }
        }
        #expect(flags == [.riskFromOthers, .riskToSelf])
        #expect(mapped.allSatisfy { $0.event.subject.familyName == "DAWKINS" && $0.event.subject.birthDate == "2013-10-12" })
        #expect(mapped.map(\.event.source.recordID).allSatisfy { $0.hasSuffix("#CH029#Risk from others") || $0.hasSuffix("#CH029#Risk to self") })
        #expect(Set(mapped.map(\.event.eventID)).count == 2)
        #expect(mapped.map(\.event.provenance.origin) == ["alerts.json bundle Observation[0]", "alerts.json bundle Observation[1]"])
        // Without `each` the same bundle has two values for the one-valued flag: a dead letter.
        let whole = try Self.engine(Self.mapping.replacingOccurrences(of: "    each: Observation\n", with: ""))
            .run(Self.bundle(), input: "alerts.json", recordedAt: "2026-03-02T10:00:00Z")
        guard case .failed(let error) = whole.first?.outcome else { Issue.record("expected a failure: \(whole)"); return }
        #expect(error.rule == "mapping.ambiguous")
    }

    @Test("a filter on each picks the resources; one alert alone maps as it did without each")
    func filteredAndSingle() throws {
        let filtered = try Self.engine(Self.mapping.replacingOccurrences(of: "each: Observation", with: "each: \"Observation[code.text=Risk to self]\""))
            .run(Self.bundle(), input: "alerts.json", recordedAt: "2026-03-02T10:00:00Z")
        guard case .events(let picked) = filtered.first?.outcome else { Issue.record("expected events: \(filtered)"); return }
        #expect(picked.map(\.event.source.recordID).map { $0.hasSuffix("#Risk to self") } == [true])
        let single = try Self.bundle(secondAlert: nil)
        let withEach = try Self.engine().run(single, input: "a.json", recordedAt: "2026-03-02T10:00:00Z")
        let without = try Self.engine(Self.mapping.replacingOccurrences(of: "    each: Observation\n", with: "")).run(single, input: "a.json", recordedAt: "2026-03-02T10:00:00Z")
        guard case .events(let one)? = withEach.first?.outcome, case .events(let same)? = without.first?.outcome else {
            Issue.record("expected events: \(withEach) \(without)"); return
        }
        #expect(one.count == 1)
        // The same event but for where it came from.
        #expect(one[0].event.eventID == same[0].event.eventID)
        #expect(one[0].event.payload == same[0].event.payload && one[0].event.subject == same[0].event.subject)
    }

    @Test("reading only the members the paths and each's filter need maps as reading them all")
    func projected() throws {
        for yaml in [Self.mapping, Self.mapping.replacingOccurrences(of: "each: Observation", with: "each: \"Observation[status=final]\"")] {
            let bundle = try Self.bundle()
            let kept = try Self.engine(yaml).run(bundle, input: "a.json", recordedAt: "2026-03-02T10:00:00Z")
            let all = try Self.engine(yaml, keepingOnlyMembersRead: false).run(bundle, input: "a.json", recordedAt: "2026-03-02T10:00:00Z")
            let json = { (results: [MappingEngine.RecordResult]) throws -> [[UInt8]] in
                try results.flatMap { result -> [[UInt8]] in
                    guard case .events(let mapped) = result.outcome else { return [] }
                    return try mapped.map { try $0.canonicalJSON() }
                }
            }
            #expect(try json(kept) == json(all))
            #expect(try json(kept).count == 2)
        }
    }

    @Test("each in a FHIR mapping must name resources, and is refused for HL7 v2", arguments: [
        ("format: fhir", "each: Observation.code", "names resources"),
        ("format: fhir", "each: \"observation\"", "names resources"),
        ("format: hl7v2", "each: Observation", "already one item"),
    ])
    func refused(format: String, each: String, reason: String) {
        let yaml = Self.mapping.replacingOccurrences(of: "format: fhir", with: format).replacingOccurrences(of: "each: Observation", with: each)
        let error = #expect(throws: MappingError.self) { try MappingLoader.load(yaml: yaml, file: "m.yaml", catalog: MappingEngineTests.catalog) }
        #expect(error?.field == "events[0].each")
        #expect(error?.reason.contains(reason) == true, "\(error?.reason ?? "")")
    }
}
