import EarlyYearsSchema
import Foundation
import Mapping
import SourceFormats
import Testing

@Suite("Adapter definitions")
struct AdapterDefinitionTests {
    let directory = URL(fileURLWithPath: "/srv/adapters/nursery-json")

    func load(_ yaml: String) throws -> AdapterDefinition {
        try AdapterLoader.load(yaml: yaml, file: "adapter.yaml", directory: directory)
    }

    @Test("a file drop adapter resolves its mapping beside the adapter and takes defaults")
    func fileDrop() throws {
        let adapter = try load("""
            name: nursery-csv
            mapping: ../../mappings/nursery.yaml
            transport: file_drop
            file_drop: { pattern: "*.csv" }
            """)
        #expect(adapter.mapping.path == "/srv/mappings/nursery.yaml")
        #expect(adapter.rawCopy)
        #expect(adapter.rawTopic == "eyh.raw.nursery-csv.v1")
        #expect(adapter.deadLetterTopic == "eyh.dlq.nursery-csv.v1")
        guard case .fileDrop(let drop) = adapter.transport else { Issue.record("expected a file drop"); return }
        #expect(drop.pattern == "*.csv")
        #expect(drop.directory == ".eyhub/adapters/nursery-csv/drop")
        #expect(drop.pollIntervalMilliseconds == 500)
    }

    @Test("a webhook adapter names its HMAC header, algorithm, prefix and where the secret is kept")
    func webhook() throws {
        let adapter = try load("""
            name: nursery-json
            mapping: /etc/eyhub/mappings/nursery-json.yaml
            transport: webhook
            webhook:
              listen: 0.0.0.0:8461
              path: /v1/events
              auth: { hmac: { header: X-Signature, prefix: "sha256=", secret_env: NURSERY_SECRET } }
              max_body_bytes: 1000
            raw_copy: false
            """)
        #expect(adapter.mapping.path == "/etc/eyhub/mappings/nursery-json.yaml")
        #expect(!adapter.rawCopy)
        guard case .webhook(let hook) = adapter.transport, case .hmac(let header, let algorithm, let prefix, let secret) = hook.auth else {
            Issue.record("expected an HMAC webhook"); return
        }
        #expect(hook.host == "0.0.0.0" && hook.port == 8461 && hook.path == "/v1/events" && hook.maxBodyBytes == 1000)
        #expect(header == "X-Signature" && algorithm == .sha256 && prefix == "sha256=" && secret == .environment("NURSERY_SECRET"))
    }

    static let invalid: [(yaml: String, field: String, line: Int?)] = [
        ("name: Nursery CSV\nmapping: m.yaml\ntransport: file_drop\n", "name", 1),
        ("name: a\nmapping: m.yaml\ntransport: ftp\n", "transport", 3),
        ("name: a\nmapping: m.yaml\ntransport: webhook\nwebhook:\n  listen: 127.0.0.1:80\n", "webhook.auth", 5),
        ("name: a\nmapping: m.yaml\ntransport: webhook\nwebhook:\n  listen: 127.0.0.1:80\n  auth: { bearer: { secret: hunter2 } }\n", "webhook.auth.bearer.secret", 6),
        ("name: a\nmapping: m.yaml\ntransport: webhook\nwebhook:\n  listen: localhost\n  auth: { bearer: { secret_env: T } }\n", "webhook.listen", 5),
        ("name: a\nmapping: m.yaml\ntransport: raw_topic\nraw_copy: true\n", "raw_copy", 4),
        ("name: a\nmapping: m.yaml\ntransport: file_drop\nwebhook: { listen: \"h:1\" }\n", "webhook", 4),
        ("name: a\nmapping: m.yaml\ntransport: file_drop\nfile_drop: { pattern: \"data*\" }\n", "file_drop.pattern", 4),
    ]

    @Test("a mistake is a load error naming the file, line and field", arguments: Self.invalid)
    func invalidDefinitions(_ example: (yaml: String, field: String, line: Int?)) {
        do throws(MappingError) {
            _ = try AdapterLoader.load(yaml: example.yaml, file: "adapter.yaml", directory: directory)
            Issue.record("accepted an invalid adapter")
        } catch {
            #expect(error.file == "adapter.yaml")
            #expect(error.field == example.field)
            #expect(error.line == example.line)
        }
    }

    @Test("a secret file is read relative to the adapter folder, without its trailing newline")
    func secretFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("adapter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("s3cret\n".utf8).write(to: folder.appendingPathComponent("token"))
        #expect(try AdapterDefinition.Secret.file("token").read(relativeTo: folder) == "s3cret")
        #expect(throws: AdapterDefinition.SecretError.self) { try AdapterDefinition.Secret.file("absent").read(relativeTo: folder) }
    }
}

@Suite("Repeated elements (each)")
struct EachRuleTests {
    static let mapping = """
        id: nursery-observations
        version: "1"
        format: json
        source: { org_type: early_years_setting, org_code: "EY1", system: Blossom }
        lawful_basis: { article_6: 6_1_e }
        events:
          - event_type: concern
            each: /observations
            when: { path: /concern, equals: "true" }
            action: { constant: new }
            record_id: { path: /id }
            occurred_at: { path: ^/sent_at, date_time: { formats: ["yyyy-MM-dd'T'HH:mm:ssXXX"] } }
            fields:
              subject.local_ids[0].system: { constant: blossom-child }
              subject.local_ids[0].value: { path: ^/child/id }
              subject.family_name: { path: ^/child/surname }
              payload.domain: { path: /area, lookup: { table: { talk: speech_language_communication, moving: physical }, unmapped: error } }
              payload.severity: { constant: medium }
              payload.status: { constant: open }
              payload.raised_on: { path: /date }
        """

    static let body = """
        {"sent_at": "2026-03-02T09:15:00+00:00", "child": {"id": "K-17", "surname": "Ní Bhriain"},
         "observations": [
           {"id": "OB-1", "concern": true, "area": "talk", "date": "2026-03-01"},
           {"id": "OB-2", "concern": false, "area": "moving", "date": "2026-03-01"},
           {"id": "OB-3", "concern": true, "area": "moving", "date": "2026-03-02"}
         ]}
        """

    @Test("one event per element that passes its condition, reading the envelope through ^")
    func eachElement() throws {
        let definition = try MappingLoader.load(yaml: Self.mapping, file: "m.yaml", catalog: MappingEngineTests.catalog)
        let engine = MappingEngine(definition: definition, catalog: MappingEngineTests.catalog, adapter: "nursery-json")
        let results = try engine.run(Array(Self.body.utf8), input: "body.json", recordedAt: "2026-03-02T10:00:00Z")
        guard results.count == 1, case .events(let mapped) = results[0].outcome else { Issue.record("expected events: \(results)"); return }
        #expect(mapped.map(\.event.source.recordID) == ["OB-1", "OB-3"])
        #expect(mapped.map(\.rule) == [0, 0])
        #expect(mapped.allSatisfy { $0.event.subject.familyName == "Ní Bhriain" && $0.event.occurredAt == "2026-03-02T09:15:00Z" })
        #expect(Set(mapped.map(\.event.eventID)).count == 2)
        #expect(mapped.map(\.event.provenance.origin) == ["body.json document /observations[0]", "body.json document /observations[2]"])
        guard case .concern(let first) = mapped[0].event.payload, case .concern(let second) = mapped[1].event.payload else {
            Issue.record("expected concern payloads"); return
        }
        #expect(first.domain == .speechLanguageCommunication && second.domain == .physical)
    }

    @Test("an element that breaks a rule fails the whole record, naming the field")
    func failingElement() throws {
        let definition = try MappingLoader.load(yaml: Self.mapping, file: "m.yaml", catalog: MappingEngineTests.catalog)
        let engine = MappingEngine(definition: definition, catalog: MappingEngineTests.catalog, adapter: "nursery-json")
        let body = Self.body.replacingOccurrences(of: "\"area\": \"moving\", \"date\": \"2026-03-02\"", with: "\"area\": \"singing\", \"date\": \"2026-03-02\"")
        let results = try engine.run(Array(body.utf8), input: "body.json", recordedAt: "2026-03-02T10:00:00Z")
        guard case .failed(let error) = results.first?.outcome else { Issue.record("expected a failure"); return }
        #expect(error.field == "payload.domain" && error.rule == "lookup.unmapped")
    }

    @Test("a list the schema requires is written empty when the source has nothing for it")
    func requiredEmptyList() throws {
        let yaml = """
            id: ptc
            version: "1"
            format: csv
            source: { org_type: early_years_setting, org_code: "EY1", system: Book }
            lawful_basis: { article_6: 6_1_e }
            events:
              - event_type: progress_check_two
                action: { constant: new }
                record_id: { path: id }
                occurred_at: { path: done, date_time: { formats: [yyyy-MM-dd] } }
                fields:
                  subject.local_ids[0].system: { constant: book }
                  subject.local_ids[0].value: { path: id }
                  payload.completed_on: { path: done }
                  payload.prime_areas[0].area: { constant: communication_and_language }
                  payload.prime_areas[0].on_track: { path: cl }
                  payload.areas_of_concern[]: { path: concerns, split: ";" }
                  payload.parental_consent_to_share: { constant: "true" }
                  payload.integrated_review: { constant: "false" }
            """
        let definition = try MappingLoader.load(yaml: yaml, file: "m.yaml", catalog: MappingEngineTests.catalog)
        let engine = MappingEngine(definition: definition, catalog: MappingEngineTests.catalog, adapter: "x")
        let csv = "id,done,cl,concerns\nA1,2026-02-03,true,\nA2,2026-02-03,false,speech;listening\n"
        let results = try engine.run(Array(csv.utf8), input: "ptc.csv", recordedAt: "2026-03-02T10:00:00Z")
        let concerns: [[String]] = results.compactMap { result in
            guard case .events(let mapped) = result.outcome, case .progressCheckTwo(let payload) = mapped.first?.event.payload else { return nil }
            return payload.areasOfConcern
        }
        #expect(concerns == [[], ["speech", "listening"]])
    }

    @Test("elements keep their event ids when a resend lists them in another order")
    func reordered() throws {
        let definition = try MappingLoader.load(yaml: Self.mapping, file: "m.yaml", catalog: MappingEngineTests.catalog)
        let engine = MappingEngine(definition: definition, catalog: MappingEngineTests.catalog, adapter: "nursery-json")
        func ids(_ body: String) throws -> [String: String] {
            guard case .events(let mapped) = try engine.run(Array(body.utf8), input: "b.json", recordedAt: "2026-03-02T10:00:00Z").first?.outcome else { return [:] }
            return Dictionary(uniqueKeysWithValues: mapped.map { ($0.event.source.recordID, $0.event.eventID) })
        }
        let first = #"{"id": "OB-1", "concern": true, "area": "talk", "date": "2026-03-01"}"#
        let third = #"{"id": "OB-3", "concern": true, "area": "moving", "date": "2026-03-02"}"#
        let envelope = #"{"sent_at": "2026-03-02T09:15:00Z", "child": {"id": "K-17", "surname": "Ní Bhriain"}, "observations": [%@]}"#
        let inOrder = try ids(envelope.replacingOccurrences(of: "%@", with: "\(first), \(third)"))
        let reversed = try ids(envelope.replacingOccurrences(of: "%@", with: "\(third), \(first)"))
        #expect(inOrder.count == 2)
        #expect(inOrder == reversed)
    }

    @Test("elements that would share an event id fail the record instead of colliding")
    func sharedRecordID() throws {
        let yaml = Self.mapping.replacingOccurrences(of: "record_id: { path: /id }", with: "record_id: { path: ^/child/id }")
            .replacingOccurrences(of: "version: \"1\"", with: "version: \"1\"\nrecords: /batches")
            .replacingOccurrences(of: "events:", with: "events:").replacingOccurrences(of: "record_id: { path: ^/child/id }", with: "record_id: { path: ^/child/id }\n    record_version: { path: ^/sent_at }")
        let definition = try MappingLoader.load(yaml: yaml, file: "m.yaml", catalog: MappingEngineTests.catalog)
        let engine = MappingEngine(definition: definition, catalog: MappingEngineTests.catalog, adapter: "nursery-json")
        let results = try engine.run(Array("{\"batches\": [\(Self.body)]}".utf8), input: "b.json", recordedAt: "2026-03-02T10:00:00Z")
        guard case .failed(let error) = results.first?.outcome else { Issue.record("expected a failure: \(results)"); return }
        #expect(error.rule == "mapping.duplicate-event")
        #expect(error.field == "record_id")
    }

    @Test("each is refused for formats whose record is already one item")
    func refusedForCSV() {
        let yaml = Self.mapping.replacingOccurrences(of: "format: json", with: "format: csv")
        #expect(throws: MappingError.self) { try MappingLoader.load(yaml: yaml, file: "m.yaml", catalog: MappingEngineTests.catalog) }
    }
}

@Suite("Fixture comparison and explanations")
struct FixtureRunnerTests {
    static func json(_ text: String) -> JSONValue { try! JSONParser.parse(Array(text.utf8)) }

    @Test("differences are reported field by field; recorded_at is ignored")
    func fieldDiff() {
        let expected = [Self.json(#"{"event_type":"enrolment","recorded_at":"a","subject":{"birth_date":"2023-01-30","given_names":["Siân"]}}"#)]
        let actual = [Self.json(#"{"event_type":"enrolment","recorded_at":"b","subject":{"birth_date":"2023-01-03","given_names":["Siân","Mair"]}}"#)]
        let differences = FixtureRunner.compare(expected: expected, actual: actual)
        #expect(differences.map(\.description) == [
            #"outcome 1 subject.birth_date: expected "2023-01-30", got "2023-01-03""#,
            #"outcome 1 subject.given_names[1]: expected no value, got "Mair""#,
        ])
    }

    @Test("a missing or extra outcome is named by its kind")
    func missingAndExtra() {
        let event = Self.json(#"{"event_type":"concern"}"#)
        let skip = Self.json(#"{"skipped":"x line 2"}"#)
        let dead = Self.json(#"{"dead_letter":{"rule":"lookup.unmapped"}}"#)
        #expect(FixtureRunner.compare(expected: [event, skip], actual: [event]).map(\.description) == ["outcome 2: expected a skip, got nothing"])
        #expect(FixtureRunner.compare(expected: [event], actual: [event, dead]).map(\.description) == ["outcome 2: expected nothing, got a dead letter (lookup.unmapped)"])
        #expect(FixtureRunner.compare(expected: [event], actual: [event]).isEmpty)
    }

    @Test("explain names the mapping line and source path of each field")
    func explain() throws {
        let definition = try MappingLoader.load(yaml: MappingEngineTests.nurseryMapping, file: "mappings/nursery-csv-sunny-days.yaml", catalog: MappingEngineTests.catalog)
        let explainer = MappingExplainer(definition: definition)
        #expect(explainer.explain("subject.birth_date", rule: 0) == "nursery-csv-sunny-days.yaml:24 subject.birth_date: path dob | date d/M/yyyy, yyyy-MM-dd, yyyyMMdd")
        #expect(explainer.explain("subject.given_names[1]", rule: 0) == "nursery-csv-sunny-days.yaml:22 subject.given_names[]: path child_name | name given")
        #expect(explainer.explain("subject.local_ids[0].value", rule: 0) == "nursery-csv-sunny-days.yaml:27 subject.local_ids[0].value: path child_id")
        #expect(explainer.explain("action", rule: 0) == "nursery-csv-sunny-days.yaml:16 action: path status | lookup (2 codes)")
        #expect(explainer.explain("subject.nhs_number.check_digit_valid", rule: 0).hasPrefix("hub: NHS number"))
        #expect(explainer.explain("event_id", rule: 0).hasPrefix("hub: SHA-256"))
    }

    @Test("recording then re-running passes; an edited expectation fails on that field")
    func recordAndCompare() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("adapter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("fixtures/in"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(MappingEngineTests.nurseryCSV.utf8).write(to: folder.appendingPathComponent("fixtures/in/01-roll.csv"))
        let adapter = try AdapterLoader.load(yaml: "name: nursery\nmapping: m.yaml\ntransport: file_drop\n", file: "adapter.yaml", directory: folder)
        let definition = try MappingLoader.load(yaml: MappingEngineTests.nurseryMapping, file: "m.yaml", catalog: MappingEngineTests.catalog)
        let runner = FixtureRunner(adapter: adapter, engine: MappingEngine(definition: definition, catalog: MappingEngineTests.catalog, adapter: "nursery"))
        let input = try #require(try runner.inputs().first)
        let first = try runner.run(input)
        #expect(first.differences == nil)
        #expect(first.outcomes.count == 5)
        try runner.record(first)
        #expect(try runner.run(input).passed)

        let expected = runner.expectedFile(for: input)
        let edited = try String(contentsOf: expected, encoding: .utf8).replacingOccurrences(of: "\"2023-01-30\"", with: "\"2023-01-31\"")
        try Data(edited.utf8).write(to: expected)
        #expect(try runner.run(input).differences?.map(\.place) == ["outcome 1 subject.birth_date"])
    }
}

@Suite("Conditions, defaults and document paths")
struct RuleFeatureTests {
    static let mapping = """
        id: council-concerns
        version: "1"
        format: xml
        records: Children/Child
        source: { org_type: local_authority, org_code: { path: $Header/Source/LEA }, system: CaseBook }
        lawful_basis: { article_6: 6_1_e }
        events:
          - event_type: concern
            when:
              all:
                - { path: Status, in: [open, closed] }
                - any: [{ path: Domain, present: true }, { path: Severity, equals: high }]
            action: { constant: new }
            record_id: { path: Id }
            occurred_at: { path: Raised, date_time: { formats: [yyyy-MM-dd] } }
            fields:
              subject.la_child_id.la_code: { path: $Header/Source/LEA }
              subject.la_child_id.value: { path: Id }
              payload.domain: { path: Domain, default: other }
              payload.severity: { path: Severity, lookup: { table: { H: high }, unmapped: skip }, default: medium }
              payload.status: { path: Status }
              payload.raised_on: { path: Raised }
        """

    static let document = """
        <Message><Header><Source><LEA>201</LEA></Source></Header><Children>
          <Child><Id>A1</Id><Status>open</Status><Domain>physical</Domain><Severity>H</Severity><Raised>2026-01-05</Raised></Child>
          <Child><Id>A2</Id><Status>open</Status><Severity>high</Severity><Raised>2026-01-06</Raised></Child>
          <Child><Id>A3</Id><Status>open</Status><Raised>2026-01-07</Raised></Child>
          <Child><Id>A4</Id><Status>draft</Status><Domain>health</Domain><Raised>2026-01-08</Raised></Child>
        </Children></Message>
        """

    @Test("all/any conditions choose records; defaults fill what the source leaves out; $ reads the file header")
    func features() throws {
        let definition = try MappingLoader.load(yaml: Self.mapping, file: "m.yaml", catalog: MappingEngineTests.catalog)
        let engine = MappingEngine(definition: definition, catalog: MappingEngineTests.catalog, adapter: "council")
        let results = try engine.run(Array(Self.document.utf8), input: "concerns.xml", recordedAt: "2026-03-02T10:00:00Z")
        let events = results.compactMap { result -> EarlyYearsEvent? in
            if case .events(let mapped) = result.outcome { mapped.first?.event } else { nil }
        }
        #expect(events.map(\.source.recordID) == ["A1", "A2"])
        #expect(results.filter { if case .skipped = $0.outcome { true } else { false } }.count == 2)
        #expect(events.allSatisfy { $0.source.orgCode == "201" && $0.subject.laChildID?.laCode == "201" })
        guard case .concern(let first) = events[0].payload, case .concern(let second) = events[1].payload else { Issue.record("payloads"); return }
        #expect(first.domain == .physical && first.severity == .high)
        #expect(second.domain == .other, "the default stands in for a missing domain")
        #expect(second.severity == .medium, "an unmapped code skipped by the lookup falls back to the default")
    }

    @Test("a default must be a value of the field's type", arguments: ["payload.domain: { path: Domain, default: sometimes }", "payload.severity: { path: Severity, default: 3 }"])
    func badDefault(_ line: String) {
        let key = String(line.prefix { $0 != ":" })
        let yaml = Self.mapping.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces).hasPrefix(key + ":") ? "      " + line : String($0) }
            .joined(separator: "\n")
        #expect(throws: MappingError.self) { try MappingLoader.load(yaml: yaml, file: "m.yaml", catalog: MappingEngineTests.catalog) }
    }

    @Test("a $ path in a CSV mapping is a load error naming the path")
    func documentPathInCSV() throws {
        let yaml = Self.mapping.replacingOccurrences(of: "format: xml\n", with: "format: csv\n").replacingOccurrences(of: "records: Children/Child\n", with: "")
        do throws(MappingError) {
            _ = try MappingLoader.load(yaml: yaml, file: "m.yaml", catalog: MappingEngineTests.catalog)
            Issue.record("a CSV mapping with a $ path loaded")
        } catch {
            #expect(error.field == "$Header/Source/LEA")
        }
    }
}

@Suite("Columns and lawful basis checked before anything is mapped")
struct MappingGuardTests {
    static let csvMapping = """
        id: roll
        version: "1"
        format: csv
        csv: { optional_columns: [note] }
        source: { org_type: early_years_setting, org_code: "EY1", system: Book }
        lawful_basis: { article_6: 6_1_e }
        events:
          - event_type: enrolment
            when: { not: { path: status, equals: waiting } }
            action: { path: status, lookup: { table: { current: new }, unmapped: error } }
            record_id: { path: id }
            occurred_at: { path: start, date_time: { formats: [yyyy-MM-dd] } }
            fields:
              subject.local_ids[0].system: { constant: book }
              subject.local_ids[0].value: { path: id }
              subject.family_name: { path: surname }
              payload.setting_urn: { constant: "EY1" }
              payload.start_date: { path: start }
              payload.sen_provision: { path: note, lookup: { table: { sen: K }, unmapped: skip }, default: N }
              payload.setting_name: { constant: Little Acorns }
              payload.funded_hours.type: { constant: none }
              payload.funded_hours.hours_per_week: { constant: "0" }
              payload.eypp: { constant: "false" }
              payload.daf: { constant: "false" }
        """

    func engine() throws -> MappingEngine {
        let definition = try MappingLoader.load(yaml: Self.csvMapping, file: "m.yaml", catalog: MappingEngineTests.catalog)
        return MappingEngine(definition: definition, catalog: MappingEngineTests.catalog, adapter: "roll")
    }

    @Test("a file without a column the mapping reads is refused whole, naming the column")
    func missingColumn() throws {
        let csv = "id,status,start\nA1,current,2026-01-05\n"
        do {
            _ = try engine().run(Array(csv.utf8), input: "roll.csv", recordedAt: "2026-03-02T10:00:00Z")
            Issue.record("a file without the surname column was mapped")
        } catch let error as SourceFormatError {
            #expect(error.rule == "csv.missing-column")
            #expect(error.reason.contains("surname"))
        }
    }

    @Test("optional columns may be absent; not excludes records, and an unknown status is a dead letter rather than a skip")
    func optionalColumnAndNot() throws {
        let csv = "id,status,start,surname\nA1,current,2026-01-05,Jones\nA2,waiting,2026-01-05,Evans\nA3,paused,2026-01-05,Hughes\n"
        let results = try engine().run(Array(csv.utf8), input: "roll.csv", recordedAt: "2026-03-02T10:00:00Z")
        #expect(results.count == 3)
        guard case .events(let mapped) = results[0].outcome, case .enrolment(let payload) = mapped.first?.event.payload else {
            Issue.record("the first row should map"); return
        }
        #expect(payload.senProvision == .none)
        guard case .skipped = results[1].outcome else { Issue.record("the waiting row should be skipped"); return }
        guard case .failed(let error) = results[2].outcome else { Issue.record("an unknown status should fail"); return }
        #expect(error.rule == "lookup.unmapped" && error.field == "action")
    }

    @Test("a field rule with its own when gives a value only when it holds; a record version may be absent")
    func fieldCondition() throws {
        let yaml = Self.csvMapping
            .replacingOccurrences(of: "    record_id: { path: id }\n", with: "    record_id: { path: id }\n    record_version: { path: note }\n")
            .replacingOccurrences(of: "      subject.family_name: { path: surname }\n",
                                  with: "      subject.family_name: { path: surname }\n      subject.household_id: { path: id, when: { path: note, equals: sen } }\n")
        let definition = try MappingLoader.load(yaml: yaml, file: "m.yaml", catalog: MappingEngineTests.catalog)
        let engine = MappingEngine(definition: definition, catalog: MappingEngineTests.catalog, adapter: "roll")
        let csv = "id,status,start,surname,note\nA1,current,2026-01-05,Jones,sen\nA2,current,2026-01-05,Evans,\n"
        let events = try engine.run(Array(csv.utf8), input: "roll.csv", recordedAt: "2026-03-02T10:00:00Z").compactMap { result -> EarlyYearsEvent? in
            if case .events(let mapped) = result.outcome { mapped.first?.event } else { nil }
        }
        #expect(events.map(\.subject.householdID) == ["A1", nil])
        #expect(events.map(\.source.recordVersion) == ["sen", nil])
    }

    static let lawfulBases: [(basis: String, special: Bool, field: String?)] = [
        ("{ article_6: 6_1_e }", true, "lawful_basis.article_9"),
        ("{ article_6: 6_1_e, article_9: 9_2_h, dpa_schedule_1_paragraph: 2 }", false, "special_category"),
        ("{ article_6: 6_1_e, article_9: 9_2_g }", true, "lawful_basis.dpa_schedule_1_paragraph"),
        ("{ article_6: 6_1_e, article_9: 9_2_a }", true, nil),
        ("{ article_6: 6_1_e, article_9: 9_2_h, dpa_schedule_1_paragraph: 2 }", true, nil),
    ]

    @Test("special-category mappings need an Article 9 condition, and Schedule 1 conditions their paragraph", arguments: Self.lawfulBases)
    func lawfulBasis(_ example: (basis: String, special: Bool, field: String?)) {
        let yaml = Self.csvMapping.replacingOccurrences(of: "lawful_basis: { article_6: 6_1_e }", with: "lawful_basis: \(example.basis)\nspecial_category: \(example.special)")
        do throws(MappingError) {
            _ = try MappingLoader.load(yaml: yaml, file: "m.yaml", catalog: MappingEngineTests.catalog)
            #expect(example.field == nil, "accepted a lawful basis that should be refused")
        } catch {
            #expect(error.field == example.field)
        }
    }
}
