import EarlyYearsSchema
import Foundation
import Testing

/// The Swift model and `schemas/early-years-event.v1.schema.json` must accept and reject the same
/// events. The schema is checked by an independent validator: Python's `jsonschema`.
@Suite("Schema agreement")
struct SchemaAgreementTests {
    @Test("every event type has a valid example")
    func coverage() {
        #expect(Set(EventFixtures.valid.map(\.eventType)) == Set(EventType.allCases))
    }

    @Test("valid examples pass the JSON Schema, decode to equal values and pass validate()")
    func validExamples() throws {
        let encoder = EarlyYearsEvent.encoder()
        let documents = try EventFixtures.valid.map { try encoder.encode($0) }
        let results = try JSONSchemaValidator.errors(for: documents)
        for (index, event) in EventFixtures.valid.enumerated() {
            let label = "\(event.eventType.rawValue) #\(index)"
            #expect(results[index].isEmpty, "\(label): \(results[index])")
            let decoded = try JSONDecoder().decode(EarlyYearsEvent.self, from: documents[index])
            #expect(decoded == event, "\(label) round trip")
            #expect(try encoder.encode(decoded) == documents[index], "\(label) re-encodes to the same bytes")
            #expect(event.validate().isEmpty, "\(label): \(event.validate())")
        }
    }

    @Test("invalid examples are rejected by the JSON Schema and by Swift")
    func invalidExamples() throws {
        let cases = try InvalidCase.all()
        #expect(cases.count >= 10)
        let results = try JSONSchemaValidator.errors(for: cases.map(\.document))
        for (index, invalid) in cases.enumerated() {
            #expect(!results[index].isEmpty, "the JSON Schema accepts: \(invalid.name)")
            let violations: [SchemaViolation]
            do {
                violations = try JSONDecoder().decode(EarlyYearsEvent.self, from: invalid.document).validate()
            } catch is DecodingError {
                continue
            }
            #expect(!violations.isEmpty, "Swift accepts: \(invalid.name)")
        }
    }

    @Test("violation messages never quote the offending value")
    func violationsAreRedacted() throws {
        var event = EventFixtures.valid[0]
        event.eventID = "not-a-hash-SECRET"
        event.subject = Subject(familyName: "Davies")
        event.occurredAt = "4 March 2025 SECRET"
        let violations = event.validate()
        #expect(Set(violations.map(\.rule)) == ["pattern", "subject_identifier", "format_date_time"])
        for violation in violations {
            #expect(!violation.message.contains("SECRET") && !violation.message.contains("Davies"))
        }
    }

    @Test("the payload must match event_type when decoding")
    func payloadMismatchThrows() throws {
        let document = try mutated(EventFixtures.valid[2], ["event_type"], to: "contact")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(EarlyYearsEvent.self, from: document) }
    }
}

/// A document that breaks one rule of the schema.
struct InvalidCase {
    var name: String
    var document: Data

    static func all() throws -> [InvalidCase] {
        let fixtures = EventFixtures.valid
        func event(_ type: EventType) -> EarlyYearsEvent { fixtures.first { $0.eventType == type }! }
        func make(_ name: String, _ type: EventType, _ path: [String], _ value: Any?) throws -> InvalidCase {
            InvalidCase(name: name, document: try mutated(event(type), path, to: value))
        }
        return [
            try make("unknown event_type", .contact, ["event_type"], "home_visit"),
            try make("contact payload under developmental_review", .contact, ["event_type"], "developmental_review"),
            try make("contact payload under demographics_update", .contact, ["event_type"], "demographics_update"),
            try make("ASQ-3 score of 75", .developmentalReview, ["payload", "areas", "0", "score"], 75),
            try make("ASQ-3 with a social-emotional area", .developmentalReview, ["payload", "areas", "0", "area"], "social_emotional"),
            try make("interval of 0 months", .developmentalReview, ["payload", "interval_months"], 0),
            try make("missing provenance", .contact, ["provenance"], nil),
            try make("missing payload", .concern, ["payload"], nil),
            try make("extra top-level property", .contact, ["nickname"], "Sian"),
            try make("extra payload property", .concern, ["payload", "urgent"], true),
            try make("extra subject property", .referral, ["subject", "nickname"], "Sian"),
            try make("30 February", .contact, ["payload", "contact_date"], "2025-02-30"),
            try make("date in UK order", .attendanceSummary, ["payload", "period_start"], "06/01/2025"),
            try make("date-time without offset", .concern, ["occurred_at"], "2025-03-04T09:30:00"),
            try make("upper-case event_id", .ehcp, ["event_id"], String(repeating: "A", count: 64)),
            try make("short event_id", .ehcp, ["event_id"], "abc123"),
            try make("empty subject", .lookedAfter, ["subject"], [String: Any]()),
            try make("subject with family name only", .contact, ["subject"], ["family_name": "Smith"]),
            try make("schema_version 2.0", .enrolment, ["schema_version"], "2.0"),
            try make("negative sessions attended", .attendanceSummary, ["payload", "sessions_attended"], -1),
            try make("null article_9", .referral, ["lawful_basis", "article_9"], NSNull()),
            try make("unknown CIN referral source", .cinReferral, ["payload", "referral_source"], "11"),
            try make("wrong CIN code system", .childProtectionPlan, ["payload", "code_system"], "cin-2019"),
            try make("unknown assessment factor", .assessment, ["payload", "factors", "1"], "99Z"),
            try make("unknown SEN provision", .enrolment, ["payload", "sen_provision"], "S"),
            try make("negative funded hours", .enrolment, ["payload", "funded_hours", "hours_per_week"], -15),
            try make("string special_category", .safeguardingFlag, ["special_category"], "yes"),
            try make("unknown alert state", .multiServiceAlert, ["payload", "state"], "snoozed"),
            try make("alert sequence 0", .multiServiceAlert, ["payload", "sequence"], 0),
            try make("alert id that is not the hub's", .multiServiceAlert, ["payload", "alert_id"], "ALERT-1"),
            try make("alert flag without evidence", .multiServiceAlert, ["payload", "services", "0", "flags", "0", "evidence_event_id"], nil),
            try make("alert without explanation", .multiServiceAlert, ["payload", "explanation"], nil),
        ]
    }
}

/// The event encoded as JSON, with the value at `path` replaced (or removed, when `value` is nil).
/// Numeric path components index arrays.
func mutated(_ event: EarlyYearsEvent, _ path: [String], to value: Any?) throws -> Data {
    func replacing(_ node: Any?, _ path: ArraySlice<String>) -> Any? {
        guard let key = path.first else { return value }
        if var array = node as? [Any], let index = Int(key) {
            array[index] = replacing(array[index], path.dropFirst()) ?? NSNull()
            return array
        }
        var object = node as? [String: Any] ?? [:]
        object[key] = replacing(object[key], path.dropFirst())
        return object
    }
    let document = try JSONSerialization.jsonObject(with: EarlyYearsEvent.encoder().encode(event))
    return try JSONSerialization.data(withJSONObject: replacing(document, path[...])!, options: [.sortedKeys])
}

/// Runs Python's `jsonschema` (Draft 2020-12, formats asserted) over many documents in one process.
enum JSONSchemaValidator {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let schema = repositoryRoot.appendingPathComponent("schemas/early-years-event.v1.schema.json")

    static let script = """
        import json, sys
        try:
            from jsonschema import Draft202012Validator
        except ImportError as error:
            sys.stderr.write("the Python package jsonschema is not installed (pip install jsonschema rfc3339-validator): %s\\n" % error)
            sys.exit(3)
        with open(sys.argv[1]) as handle:
            schema = json.load(handle)
        Draft202012Validator.check_schema(schema)
        if "date-time" not in Draft202012Validator.FORMAT_CHECKER.checkers:
            sys.stderr.write("jsonschema cannot check date-time: pip install rfc3339-validator\\n")
            sys.exit(3)
        validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        report = []
        for document in json.load(sys.stdin):
            errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
            report.append(["/" + "/".join(map(str, e.absolute_path)) + ": " + e.message for e in errors])
        json.dump(report, sys.stdout)
        """

    /// One list of error messages per document, in order; empty means valid.
    static func errors(for documents: [Data]) throws -> [[String]] {
        let input = Data("[".utf8) + Data(documents.joined(separator: Data(",".utf8))) + Data("]".utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, schema.path]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // The script reads all of stdin before it writes anything.
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let diagnostics = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidatorFailure(message: "python3 jsonschema exited \(process.terminationStatus): \(diagnostics)")
        }
        let report = try JSONDecoder().decode([[String]].self, from: output)
        guard report.count == documents.count else {
            throw ValidatorFailure(message: "python3 reported on \(report.count) of \(documents.count) documents")
        }
        return report
    }

    struct ValidatorFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
