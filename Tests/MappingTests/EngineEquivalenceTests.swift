import EarlyYearsSchema
import Foundation
@testable import Mapping
import Testing

/// The engine makes events without JSON text in between (an ``EventTree`` decoded through the
/// model's `Codable` conformance), writes content and events with its own writers, and reads
/// numeric date formats by hand. These tests hold each of those to what `JSONSerialization`,
/// `JSONDecoder`, `JSONEncoder` and `DateFormatter` do, on real mappings and inputs and on
/// broken variants of them.
@Suite("Engine equivalence with the Foundation JSON and date paths")
struct EngineEquivalenceTests {
    static let root = MappingEngineTests.root
    static let catalog = MappingEngineTests.catalog
    static let fixture = root.appendingPathComponent("../shared/fixtures/dch-fhir-stu3/DCH-AssessmentScales-Bundle-Example-1.json").standardizedFileURL

    /// The DCH example with an id on its Observation (the record id of the benchmark mapping).
    static func dchBundle() throws -> [UInt8] {
        let text = try String(contentsOf: fixture, encoding: .utf8)
        return Array(text.replacingOccurrences(
            of: "\"resourceType\": \"Observation\",\n        \"meta\"", with: "\"resourceType\": \"Observation\",\n        \"id\": \"obs-1\",\n        \"meta\"").utf8)
    }

    static func events(mapping: String, input: [UInt8]) throws -> [EarlyYearsEvent] {
        let definition = try MappingLoader.load(contentsOf: root.appendingPathComponent(mapping), catalog: catalog)
        let engine = MappingEngine(definition: definition, catalog: catalog, adapter: "test")
        return try engine.run(input, input: "input", recordedAt: "2026-11-21T10:00:00Z").flatMap { result -> [EarlyYearsEvent] in
            if case .events(let mapped) = result.outcome { mapped.map(\.event) } else { [] }
        }
    }

    static func sampleEvents() throws -> [EarlyYearsEvent] {
        var events = try MappingEngineTests().run().flatMap { result -> [EarlyYearsEvent] in
            if case .events(let mapped) = result.outcome { mapped.map(\.event) } else { [] }
        }
        events += try Self.events(mapping: "bench/mappings/fhir.yaml", input: dchBundle())
        events += try Self.events(mapping: "bench/mappings/json.yaml", input: Array(jsonReview.utf8))
        return events
    }

    static let jsonReview = """
        {"id":"HV-1","version":"2","type":"asq3","status":"amended","updated_at":"2025-07-02T10:15:00+01:00",
         "team":{"ods_code":"RX1"},"child":{"nhs_number":"943 476 5919","given_names":["Siân","Mary/Kate"],"family_name":"O\\"Brien",
         "date_of_birth":"2023-01-30","sex":"F","postcode":" ls1 4ap "},
         "questionnaire":{"interval_months":27,"completed":"05/06/2025",
          "scores":{"communication":45,"gross_motor":50.5,"fine_motor":0,"problem_solving":60,"personal_social":12},
          "bands":{"communication":"above","gross_motor":"above","fine_motor":"below","problem_solving":"above","personal_social":"below"}}}
        """

    @Test("a number JSON cannot hold fails the record as the event not fitting the schema", arguments: ["inf", "-infinity", "nan"])
    func nonFiniteScore(_ score: String) throws {
        let definition = try MappingLoader.load(contentsOf: Self.root.appendingPathComponent("bench/mappings/json.yaml"), catalog: Self.catalog)
        let engine = MappingEngine(definition: definition, catalog: Self.catalog, adapter: "test")
        let input = Self.jsonReview.replacingOccurrences(of: #""communication":45"#, with: #""communication":"\#(score)""#)
        let results = try engine.run(Array(input.utf8), input: "input", recordedAt: "2026-11-21T10:00:00Z")
        guard results.count == 1, case .failed(let error) = results[0].outcome else {
            Issue.record("expected one failed record, got \(results.map(\.outcome))")
            return
        }
        #expect(error.rule == "schema.decode" && error.field == "event")
    }

    /// What a run gave, comparably: each record's origin and its events' canonical JSON, skip or error.
    static func outcomes(_ engine: MappingEngine, _ input: [UInt8]) throws -> [String] {
        do {
            return try engine.run(input, input: "input", recordedAt: "2026-11-21T10:00:00Z").map { result in
                switch result.outcome {
                case .events(let mapped): "\(result.origin) events " + (try mapped.map { String(decoding: try $0.canonicalJSON(), as: UTF8.self) }.joined(separator: " "))
                case .skipped: "\(result.origin) skipped"
                case .failed(let error): "\(result.origin) failed \(error)"
                }
            }
        } catch {
            return ["unparseable \(error)"]
        }
    }

    @Test("a FHIR mapping keeping only the bundle members its paths read maps every DCH example as keeping them all")
    func fhirMembersKept() throws {
        let directory = Self.root.appendingPathComponent("adapters/hv-dch-fhir/fixtures/in")
        let inputs = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            .map { try [UInt8](Data(contentsOf: directory.appendingPathComponent($0))) } + [try Self.dchBundle()]
        #expect(inputs.count > 40)
        for mapping in ["mappings/hv-dch-fhir.yaml", "bench/mappings/fhir.yaml"] {
            let definition = try MappingLoader.load(contentsOf: Self.root.appendingPathComponent(mapping), catalog: Self.catalog)
            let keeping = MappingEngine(definition: definition, catalog: Self.catalog, adapter: "test", keepingOnlyMembersRead: true)
            let all = MappingEngine(definition: definition, catalog: Self.catalog, adapter: "test", keepingOnlyMembersRead: false)
            var events = 0
            for (index, input) in inputs.enumerated() {
                let kept = try Self.outcomes(keeping, input)
                #expect(kept == (try Self.outcomes(all, input)), "\(mapping) input \(index)")
                events += kept.filter { $0.contains(" events ") }.count
            }
            #expect(events > 0, "\(mapping) maps some of the inputs")
        }
    }

    @Test("the sample covers the nursery CSV, the DCH bundle and a JSON review")
    func sample() throws {
        let events = try Self.sampleEvents()
        #expect(events.count == 5)
        #expect(Set(events.map(\.eventType)) == [.enrolment, .developmentalReview])
    }

    @Test("canonical JSON is byte for byte what JSONEncoder writes")
    func canonicalJSON() throws {
        for event in try Self.sampleEvents() {
            #expect(try event.canonicalJSON() == [UInt8](try EarlyYearsEvent.encoder().encode(event)))
        }
    }

    @Test("a mapped event's canonical JSON, written from the tree decoding made, is what JSONEncoder writes")
    func mappedCanonicalJSON() throws {
        let definition = try MappingLoader.load(contentsOf: Self.root.appendingPathComponent("bench/mappings/json.yaml"), catalog: Self.catalog)
        let engine = MappingEngine(definition: definition, catalog: Self.catalog, adapter: "test")
        // The second review's NHS number fails Modulus 11, so its event carries a finding.
        func review(nhsNumber: String) -> [UInt8] {
            Array("""
                {"id":"HV-1","version":"2","type":"asq3","status":"amended","updated_at":"2025-07-02T10:15:00+01:00",
                 "team":{"ods_code":"RX1"},"child":{"nhs_number":"\(nhsNumber)","given_names":["Siân"],"family_name":"O'Brien",
                 "date_of_birth":"2023-01-30","sex":"F","postcode":" ls1 4ap "},
                 "questionnaire":{"interval_months":27,"completed":"05/06/2025",
                  "scores":{"communication":45,"gross_motor":50.5,"fine_motor":0,"problem_solving":60,"personal_social":12},
                  "bands":{"communication":"above","gross_motor":"above","fine_motor":"below","problem_solving":"above","personal_social":"below"}}}
                """.utf8)
        }
        var results = try engine.run(review(nhsNumber: "943 476 5919"), input: "valid", recordedAt: "2026-11-21T10:00:00Z")
        results += try engine.run(review(nhsNumber: "9434765910"), input: "finding", recordedAt: "2026-11-21T10:00:00Z")
        results += try MappingEngineTests().run()
        results += try Self.definitionEngine("bench/mappings/fhir.yaml").run(Self.dchBundle(), input: "bundle", recordedAt: "2026-11-21T10:00:00Z")
        var withFindings = 0
        var mapped = 0
        for result in results {
            guard case .events(let events) = result.outcome else { continue }
            for event in events {
                mapped += 1
                if !event.event.dataQuality.isEmpty { withFindings += 1 }
                #expect(try event.canonicalJSON() == [UInt8](try EarlyYearsEvent.encoder().encode(event.event)))
            }
        }
        #expect(mapped == 6)
        #expect(withFindings > 0)
    }

    static func definitionEngine(_ mapping: String) throws -> MappingEngine {
        MappingEngine(definition: try MappingLoader.load(contentsOf: root.appendingPathComponent(mapping), catalog: catalog), catalog: catalog, adapter: "test")
    }

    @Test("the event id over mapped content hashes what JSONSerialization wrote")
    func contentEventID() throws {
        // The DCH mapping gives no record version, so the id hashes the mapped subject and payload.
        let event = try #require(Self.events(mapping: "bench/mappings/fhir.yaml", input: Self.dchBundle()).first)
        guard case .object(let members) = try event.tree() else { Issue.record("an event is an object"); return }
        let content: [String: Any] = ["subject": try #require(members["subject"]).foundationValue, "payload": try #require(members["payload"]).foundationValue]
        let bytes = [UInt8](try JSONSerialization.data(withJSONObject: content, options: [.sortedKeys]))
        #expect(event.eventID == EventID.derive(
            system: "DCH", orgCode: "A83627", recordID: "obs-1", recordVersion: nil, content: bytes, eventType: .developmentalReview, ordinal: 0))
    }

    @Test("content is written as JSONSerialization writes it: key order, escapes, numbers")
    func serializationStyle() throws {
        var trees = try Self.sampleEvents().map { try $0.tree() }
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab_z019")
        for _ in 0..<300 {
            var object: EventObject = [:]
            for _ in 0..<6 {
                let key = String((0..<Int.random(in: 1...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
                object[key] = .int(1)
            }
            trees.append(.object(object))
        }
        trees.append(.object(["B": .int(1), "a": .int(2), "a-b": .int(3), "a.b": .int(4), "ä": .int(5), "a2": .int(6), "a02": .int(7), "Ab": .int(8)]))
        trees.append(.object(["s": .string("a/b \"q\" \\ \u{1}\u{8}\t\n\u{c}\r\u{1f}\u{7f} é 😀"), "d": .array([.double(8), .double(0.1), .double(-0.0), .double(1e-7), .double(1e21), .double(123456789.125)]), "b": .bool(false), "n": .null]))
        for tree in trees {
            let expected = [UInt8](try JSONSerialization.data(withJSONObject: tree.foundationValue, options: [.sortedKeys]))
            #expect(try tree.json(style: .serialization) == expected, "\(String(decoding: expected, as: UTF8.self))")
        }
    }

    /// The outcome of decoding: the event, or the path the engine would report.
    enum Decoded: Equatable {
        case event(EarlyYearsEvent)
        case failure(String)
    }

    static func decodedByTree(_ tree: EventTree) -> Decoded {
        do { return .event(try EarlyYearsEvent(tree: tree)) } catch { return .failure(MappingEngine.path(of: error)) }
    }

    static func decodedByJSON(_ tree: EventTree) -> Decoded {
        do {
            let data = try JSONSerialization.data(withJSONObject: tree.foundationValue, options: [.sortedKeys])
            return .event(try JSONDecoder().decode(EarlyYearsEvent.self, from: data))
        } catch {
            return .failure(MappingEngine.path(of: error))
        }
    }

    /// Broken variants of a valid event tree, each at one place.
    static func variants(of tree: EventTree) -> [EventTree] {
        guard case .object(let event) = tree else { return [] }
        func changed(_ edit: (inout EventObject) -> Void) -> EventTree {
            var copy = event
            edit(&copy)
            return .object(copy)
        }
        func inObject(_ key: String, _ edit: @escaping (inout EventObject) -> Void) -> EventTree {
            changed { event in
                guard case .object(var inner)? = event[key] else { return }
                edit(&inner)
                event[key] = .object(inner)
            }
        }
        var variants = [
            changed { $0["event_id"] = nil },
            changed { $0["event_id"] = .int(7) },
            changed { $0["action"] = .string("create") },
            changed { $0["special_category"] = .string("true") },
            changed { $0["special_category"] = .null },
            changed { $0["unexpected"] = .string("x") },
            changed { $0["subject"] = .string("child") },
            changed { $0["payload"] = nil },
            changed { $0["payload"] = .null },
            changed { $0["payload"] = .array([]) },
            changed { $0["event_type"] = .string("birthday") },
            inObject("subject") { $0["nickname"] = .string("Jo") },
            inObject("subject") { $0["sex"] = .string("x") },
            inObject("subject") { $0["given_names"] = .string("Jo") },
            inObject("subject") { $0["given_names"] = .array([.int(1)]) },
            inObject("subject") { $0["birth_date"] = .null },
            inObject("source") { $0["record_id"] = nil },
            inObject("source") { $0["org_type"] = .bool(true) },
            inObject("lawful_basis") { $0["dpa_schedule_1_paragraph"] = .double(2) },
            inObject("lawful_basis") { $0["dpa_schedule_1_paragraph"] = .double(2.5) },
            inObject("lawful_basis") { $0["dpa_schedule_1_paragraph"] = .string("2") },
            inObject("payload") { $0["extra"] = .int(1) },
            inObject("payload") { $0["interval_months"] = .double(24) },
            inObject("payload") { $0["interval_months"] = .double(24.5) },
            inObject("payload") { $0["interval_months"] = .double(1e30) },
            inObject("payload") { $0["hours_per_week"] = .int(15) },
            inObject("payload") { $0["hours_per_week"] = .bool(true) },
            inObject("payload") { $0["eypp"] = .int(1) },
        ]
        if case .object(let payload)? = event["payload"], case .array(let areas)? = payload["areas"], case .object(var area) = areas.first {
            area["score"] = .string("8")
            var broken = areas
            broken[0] = .object(area)
            variants.append(inObject("payload") { $0["areas"] = .array(broken) })
            area["score"] = nil
            broken[0] = .object(area)
            variants.append(inObject("payload") { $0["areas"] = .array(broken) })
            variants.append(inObject("payload") { $0["areas"] = .array([.string("x")]) })
        }
        return variants
    }

    /// Variants of a tree with one member, at any depth, left out, `null`, or of another type.
    static func memberVariants(of tree: EventTree) -> [EventTree] {
        switch tree {
        case .object(let members):
            var variants: [EventTree] = []
            for (key, value) in members {
                let other: EventTree = if case .string = value { .bool(true) } else { .string("x") }
                for replacement in [nil, EventTree.null, other] + memberVariants(of: value).map(Optional.some) {
                    var copy = members
                    copy[key] = replacement
                    variants.append(.object(copy))
                }
            }
            return variants
        case .array(let elements):
            return elements.indices.flatMap { index in
                memberVariants(of: elements[index]).map { replacement in
                    var copy = elements
                    copy[index] = replacement
                    return EventTree.array(copy)
                }
            }
        default:
            return []
        }
    }

    @Test("decoding a tree gives the event, or the error path, that JSONDecoder gives from its JSON")
    func decoding() throws {
        var events = try Self.sampleEvents()
        // The other payload shapes read member by member.
        for payload: Payload in [
            .contact(.init(contactType: .oneYear, attended: true, contactDate: "2025-01-02", encounterCode: .init(code: "1", codeSystem: "s"), professionalRole: "hv")),
            .demographicsUpdate(.init(changedFields: ["postcode"])),
        ] {
            var event = events[0]
            event.payload = payload
            events.append(event)
        }
        for event in events {
            let tree = try event.tree()
            #expect(Self.decodedByTree(tree) == .event(event))
            #expect(Self.decodedByTree(tree) == Self.decodedByJSON(tree))
            for variant in Self.variants(of: tree) + Self.memberVariants(of: tree) {
                let expected = Self.decodedByJSON(variant)
                let text = String(decoding: (try? variant.json(style: .encoder)) ?? [], as: UTF8.self)
                #expect(Self.decodedByTree(variant) == expected, "\(text)")
            }
        }
    }

    @Test("numeric date formats read by hand agree with DateFormatter", arguments: [
        (["d/M/yyyy", "yyyyMMdd", "yyyy-MM-dd"], "Europe/London"),
        (["dd/MM/yyyy HH:mm"], "Europe/London"),
        (["dd/MM/yyyy HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ssxxx", "yyyy-MM-dd'T'HH:mm:ssXXX"], "Europe/London"),
        (["yyyy-MM-dd'T'HH:mm:ssXXX", "yyyyMMddHHmmss"], "UTC"),
        (["M/d/yyyy H:mm", "dd.MM.yyyy"], "America/New_York"),
    ])
    func dates(_ formats: [String], _ zone: String) throws {
        let fast = try DateTransform(formats: formats, timeZone: zone)
        let formatter = try DateTransform(formats: formats, timeZone: zone, readingNumbersByHand: false)
        var inputs = [
            "30/01/2024", "5/3/2024", "05/03/2024", "20240130", "2024-01-30", " 30/01/2024 ", "30/02/2024", "29/02/2024", "29/02/2023",
            "2024-13-01", "32/01/2024", "January 5", "", "2024/01/30", "5/3/24", "05/03/0024", "1/1/1899", "31/12/1899", "1/1/12024",
            "02/05/2026 10:15", "02/01/2026 10:15", "29/03/2026 01:30", "29/03/2026 00:59", "29/03/2026 02:00", "25/10/2026 01:30",
            "25/10/2026 00:59", "25/10/2026 02:00", "2/5/2026 10:15", "02/05/2026 9:15", "02/05/2026 24:00", "02/05/2026 10:60",
            "02/05/2026 10:15:59", "02/05/2026 10:15:60", "2026-05-02T10:15:00+01:00", "2026-05-02T10:15:00+00:00", "2026-01-02T10:15:00+00:00",
            "2026-01-02T10:15:00Z", "2026-05-02T10:15:00Z", "2026-05-02T10:15:00+05:30", "2026-05-02t10:15:00+01:00", "2026-05-02T10:15:00-04:00",
            "20260502101500", "2026050210150", "5/2/2026 9:05", "05/02/2026 09:05", "11/3/2026 1:30", "3/8/2026 2:30", "11/1/2026 1:30",
            "01.02.2026", "1.2.2026", "٠٥/٠٣/٢٠٢٤", "30/01/2024 ", "\t30/01/2024", "30 / 01 / 2024", "00/01/2024", "01/00/2024",
        ]
        for index in 0..<400 {
            let (year, month, day) = (1995 + index % 40, 1 + index % 12, 1 + index * 7 % 31)
            inputs += ["\(day)/\(month)/\(year)", "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)", "\(day)/\(month)/\(year) \(index % 24):\(index % 6)5"]
        }
        for input in inputs {
            #expect(Result { () throws(TransformError) in try fast.date(input) } == Result { () throws(TransformError) in try formatter.date(input) }, "\(input)")
            #expect(Result { () throws(TransformError) in try fast.dateTime(input) } == Result { () throws(TransformError) in try formatter.dateTime(input) }, "\(input)")
        }
    }

    @Test("trimming by bytes agrees with Foundation's trimmingCharacters")
    func trimming() {
        let parts = ["", " ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{2003}", "\u{301}", "a", "Siân", "é", "\u{1F600}", "LS1 4AP", "x\u{301}"]
        var inputs: [String] = []
        for first in parts {
            for second in parts {
                for third in parts { inputs.append(first + second + third) }
            }
        }
        for input in inputs {
            #expect(input.trimming(.whitespaces) == input.trimmingCharacters(in: .whitespaces), "\(Array(input.unicodeScalars))")
            #expect(input.trimming(.whitespacesAndNewlines) == input.trimmingCharacters(in: .whitespacesAndNewlines), "\(Array(input.unicodeScalars))")
            let slice = input.dropFirst()
            #expect(slice.trimming(.whitespaces) == slice.trimmingCharacters(in: .whitespaces), "\(Array(slice.unicodeScalars))")
        }
    }
}

extension EventTree {
    /// The value as Foundation's JSON writers take it.
    var foundationValue: Any {
        switch self {
        case .null: NSNull()
        case .bool(let flag): flag
        case .int(let number): number
        case .double(let number): number
        case .string(let text): text
        case .array(let elements): elements.map(\.foundationValue)
        case .object(let members): members.mapValues(\.foundationValue)
        }
    }
}
