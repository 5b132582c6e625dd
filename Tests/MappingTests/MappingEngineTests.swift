import EarlyYearsSchema
import Foundation
import Mapping
import Testing

@Suite("Declarative mappings")
struct MappingEngineTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let catalog = try! SchemaCatalog(contentsOf: root.appendingPathComponent("schemas/early-years-event.v1.schema.json"))

    static let nurseryMapping = """
        id: nursery-csv-sunny-days
        version: "3"
        format: csv
        csv:
          header_aliases: { "Child DOB": dob }
        source:
          org_type: early_years_setting
          org_code: "EY512345"
          org_name: Sunny Days Nursery
          system: NurseryBook
        lawful_basis: { article_6: 6_1_e }
        special_category: false
        events:
          - event_type: enrolment
            when: { path: status, in: [active, left] }
            action: { path: status, lookup: { table: { active: new, left: update }, unmapped: error } }
            record_id: { path: child_id }
            record_version: { path: updated }
            occurred_at: { path: updated, date_time: { formats: ["dd/MM/yyyy HH:mm"], time_zone: Europe/London } }
            fields:
              subject.nhs_number.value: { path: nhs_number, transforms: [digits_only] }
              subject.given_names[]: { path: child_name, name: given }
              subject.family_name: { path: child_name, name: family }
              subject.birth_date: { path: dob, date: { formats: [d/M/yyyy, yyyy-MM-dd, yyyyMMdd] } }
              subject.postcode: { path: postcode, transforms: [trim, upper] }
              subject.local_ids[0].system: { constant: nurserybook-child }
              subject.local_ids[0].value: { path: child_id }
              payload.setting_urn: { constant: "EY512345" }
              payload.setting_name: { constant: Sunny Days Nursery }
              payload.start_date: { path: start, date: { formats: [d/M/yyyy] } }
              payload.end_date: { path: leaving, date: { formats: [d/M/yyyy] } }
              payload.funded_hours.type: { path: funding, lookup: { table: { "15 universal": universal_15, "30 extended": extended, "none": none }, unmapped: error } }
              payload.funded_hours.hours_per_week: { path: hours }
              payload.eypp: { path: eypp, lookup: { table: { Y: "true", N: "false" }, unmapped: { default: "false" } } }
              payload.daf: { path: daf, lookup: { table: { Y: "true", N: "false" }, unmapped: { default: "false" } } }
              payload.sen_provision: { path: sen, lookup: { table: { "SEN support": K, "EHC plan": E, "": N, none: N }, unmapped: error } }
        """

    static let nurseryCSV = """
        child_id,nhs_number,child_name,Child DOB,postcode,status,start,leaving,funding,hours,eypp,daf,sen,updated
        C001,943 476 5919,Siân Davies,30/01/2023,ls1 4ap,active,04/09/2025,,15 universal,15,Y,N,SEN support,01/09/2025 09:30
        C002,,Aoife O'Brien,2023-03-05,LS6 2QT,active,04/09/2025,,30 extended,30,N,N,none,01/09/2025 09:31
        C003,,"Smith-Jones, Mary-Kate",20230711,LS7 3AA,left,04/09/2024,18/07/2025,none,0,N,Y,EHC plan,20/07/2025 16:00
        C004,,Baby Smith,01/02/2025,LS1 4AP,waiting,,,none,0,N,N,none,01/09/2025 10:00
        C005,9219068409,Dafydd ap Gwilym,12/12/2022,CF10 1AA,active,04/09/2025,,15 universal,15,N,N,SEN suport,01/09/2025 10:05
        """

    func engine() throws -> MappingEngine {
        let definition = try MappingLoader.load(yaml: Self.nurseryMapping, file: "mappings/nursery-csv-sunny-days.yaml", catalog: Self.catalog)
        return MappingEngine(definition: definition, catalog: Self.catalog, adapter: "nursery-csv")
    }

    func run() throws -> [MappingEngine.RecordResult] {
        try engine().run(Array(Self.nurseryCSV.utf8), input: "children.csv", recordedAt: "2026-11-21T10:00:00Z")
    }

    @Test("every record ends as events, a skip or a named error")
    func outcomes() throws {
        let results = try run()
        #expect(results.count == 5)
        var events: [EarlyYearsEvent] = []
        for result in results.prefix(3) {
            guard case .events(let mappedEvents) = result.outcome, case let produced = mappedEvents.map(\.event) else { Issue.record("\(result.origin) should map"); continue }
            events += produced
        }
        #expect(events.count == 3)
        guard case .skipped = results[3].outcome else { Issue.record("a waiting-list child has no enrolment"); return }
        guard case .failed(let error) = results[4].outcome else { Issue.record("a misspelt SEN value must fail"); return }
        #expect(error.rule == "lookup.unmapped")
        #expect(error.field == "payload.sen_provision")
        #expect(results[4].origin == "children.csv line 6")
        #expect(!error.description.contains("suport"), "errors never quote the record")
    }

    @Test("names, dates, lookups and identifiers land where the schema says")
    func fields() throws {
        let results = try run()
        guard case .events(let first) = results[0].outcome, let sian = first.first?.event else { Issue.record("first record"); return }
        #expect(sian.eventType == .enrolment)
        #expect(sian.action == .new)
        #expect(sian.subject.givenNames == ["Siân"])
        #expect(sian.subject.familyName == "Davies")
        #expect(sian.subject.birthDate == "2023-01-30")
        #expect(sian.subject.postcode == "LS1 4AP")
        #expect(sian.subject.nhsNumber?.value.value == "9434765919")
        #expect(sian.subject.nhsNumber?.checkDigitValid == true)
        #expect(sian.occurredAt == "2025-09-01T08:30:00Z", "09:30 in London in September is 08:30 UTC")
        #expect(sian.source.recordID == "C001")
        #expect(sian.source.recordVersion == "01/09/2025 09:30")
        #expect(sian.provenance.mappingID == "nursery-csv-sunny-days")
        #expect(sian.provenance.origin == "children.csv line 2")
        #expect(sian.validate().isEmpty)

        guard case .events(let third) = results[2].outcome, let maryKate = third.first?.event else { Issue.record("third record"); return }
        #expect(maryKate.action == .update)
        #expect(maryKate.subject.givenNames == ["Mary-Kate"])
        #expect(maryKate.subject.familyName == "Smith-Jones")
        #expect(maryKate.subject.birthDate == "2023-07-11")
        #expect(maryKate.subject.nhsNumber == nil)
    }

    @Test("a re-run yields the same event ids; a changed version yields a new one")
    func deterministicIDs() throws {
        let ids = try run().flatMap { result -> [String] in
            if case .events(let events) = result.outcome { events.map(\.event.eventID) } else { [] }
        }
        let again = try run().flatMap { result -> [String] in
            if case .events(let events) = result.outcome { events.map(\.event.eventID) } else { [] }
        }
        #expect(ids == again)
        #expect(Set(ids).count == 3)
        let edited = Self.nurseryCSV.replacingOccurrences(of: "01/09/2025 09:30", with: "02/09/2025 09:30")
        let changed = try engine().run(Array(edited.utf8), input: "children.csv", recordedAt: "2026-11-21T10:00:00Z")
        guard case .events(let events) = changed[0].outcome else { Issue.record("edited record"); return }
        #expect(events[0].event.eventID != ids[0])
    }

    @Test("an input that cannot be parsed is an error with its position")
    func unparseable() throws {
        #expect(throws: (any Error).self) { try engine().run(Array("child_id,name\n1,\"Smith\n".utf8), input: "x.csv", recordedAt: "2026-11-21T10:00:00Z") }
    }

    /// Adds `line` above the line holding `marker`, with the same indentation.
    static func inserting(_ line: String, before marker: String, in yaml: String) -> String {
        yaml.split(separator: "\n", omittingEmptySubsequences: false).map { existing -> String in
            guard existing.contains(marker) else { return String(existing) }
            let indentation = existing.prefix { $0 == " " }
            return indentation + line + "\n" + existing
        }.joined(separator: "\n")
    }

    func loadError(_ yaml: String) -> MappingError? {
        #expect(throws: MappingError.self) { try MappingLoader.load(yaml: yaml, file: "m.yaml", catalog: Self.catalog) }
    }

    @Test("load errors name the file, the line and the field", arguments: [
        ("subject.birth_date: { path: dob", "payload.no_such_field", "no such field"),
        ("payload.sen_provision: { path: sen, lookup: { table: { \"SEN support\": K, \"EHC plan\": E, \"\": N, none: N }, unmapped: error } }",
         "payload.sen_provision: { path: sen, lookup: { table: { \"SEN support\": X }, unmapped: error } }", "closed code list"),
        ("payload.eypp: { path: eypp, lookup: { table: { Y: \"true\", N: \"false\" }, unmapped: { default: \"false\" } } }", "", "required"),
        ("payload.daf: { path: daf, lookup: { table: { Y: \"true\", N: \"false\" }, unmapped: { default: \"false\" } } }",
         "payload.daf: { path: daf, lookup: { table: { Y: \"true\" } } }", "unmapped"),
    ])
    func loadErrors(_ original: String, _ replacement: String, _ expected: String) throws {
        var yaml = Self.nurseryMapping
        if original.hasPrefix("subject.birth_date") {
            yaml = Self.inserting("payload.no_such_field: { constant: x }", before: "payload.setting_urn:", in: yaml)
        } else {
            yaml = yaml.replacingOccurrences(of: original, with: replacement)
        }
        let error = try #require(loadError(yaml))
        #expect(error.file == "m.yaml")
        #expect(error.line != nil)
        #expect(error.description.contains(expected), "\(error)")
    }

    @Test("hub-owned fields cannot be mapped, and bad YAML says where")
    func ownedAndMalformed() throws {
        let owned = Self.inserting("provenance.adapter: { constant: x }", before: "payload.setting_urn:", in: Self.nurseryMapping)
        #expect(loadError(owned)?.reason.contains("filled by the hub") == true)
        let malformed = try #require(loadError("id: x\nevents: [\n  - broken"))
        #expect(malformed.line != nil)
    }
}

@Suite("Mapping robustness")
struct MappingRobustnessTests {
    @Test("mutated exports end as events, skips, record errors or a parse error: never a crash")
    func mutatedExports() throws {
        let definition = try MappingLoader.load(yaml: MappingEngineTests.nurseryMapping, file: "m.yaml", catalog: MappingEngineTests.catalog)
        let engine = MappingEngine(definition: definition, catalog: MappingEngineTests.catalog, adapter: "fuzz")
        var random = SystemRandomNumberGenerator()
        let seed = Array(MappingEngineTests.nurseryCSV.utf8)
        var outcomes = (parsed: 0, refused: 0)
        for _ in 0..<1_000 {
            var bytes = seed
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let position = Int.random(in: 0..<bytes.count, using: &random)
                bytes[position] = seed[Int.random(in: 0..<seed.count, using: &random)]
            }
            do {
                _ = try engine.run(bytes, input: "fuzz.csv", recordedAt: "2026-11-21T10:00:00Z")
                outcomes.parsed += 1
            } catch {
                outcomes.refused += 1
            }
        }
        #expect(outcomes.parsed + outcomes.refused == 1_000)
        #expect(outcomes.parsed > 0, "most mutations still parse and reach the mapping rules")
    }
}
