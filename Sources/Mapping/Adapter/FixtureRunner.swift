import EarlyYearsSchema
import Foundation
import SourceFormats

/// Runs an adapter's fixtures (`fixtures/in/*`) and compares each outcome, field by field, with
/// `fixtures/expected/<name>.jsonl`.
///
/// An expected file has one line per outcome, in order: a canonical event, `{"skipped": origin}`,
/// or `{"dead_letter": {"origin", "rule", "path", "reason"}}` (a record that broke a rule, or a
/// document that could not be parsed). `recorded_at` is the time of mapping and is not compared.
public struct FixtureRunner: Sendable {
    public let adapter: AdapterDefinition
    public let engine: MappingEngine
    /// The `recorded_at` written into outcomes; fixed so that expected files are stable.
    public static let recordedAt = "2026-01-01T00:00:00Z"

    public init(adapter: AdapterDefinition, engine: MappingEngine) {
        self.adapter = adapter
        self.engine = engine
    }

    /// One produced outcome as JSON, with the event (if any) and the rule that made it.
    public struct Outcome: Sendable {
        /// The outcome as one line of JSON, keys sorted.
        public var line: String
        public var json: JSONValue
        public var event: MappingEngine.MappedEvent?

        init(line: String, event: MappingEngine.MappedEvent? = nil) {
            self.line = line
            self.json = (try? JSONParser.parse(Array(line.utf8))) ?? .null
            self.event = event
        }
    }

    public struct Difference: Sendable, Hashable, CustomStringConvertible {
        /// `outcome 2 subject.birth_date`.
        public var place: String
        public var expected: String
        public var actual: String
        public var description: String { "\(place): expected \(expected), got \(actual)" }
    }

    public struct FixtureResult: Sendable {
        public var input: String
        public var expectedFile: String
        public var outcomes: [Outcome]
        /// Nil when the expected file is missing.
        public var differences: [Difference]?
        public var passed: Bool { differences?.isEmpty == true }
    }

    /// Input fixtures in name order, skipping hidden files.
    public func inputs() throws -> [URL] {
        let names = try FileManager.default.contentsOfDirectory(atPath: adapter.fixturesInput.path)
        return names.filter { !$0.hasPrefix(".") }.sorted().map { adapter.fixturesInput.appendingPathComponent($0) }
    }

    public func expectedFile(for input: URL) -> URL {
        adapter.fixturesExpected.appendingPathComponent(input.deletingPathExtension().lastPathComponent + ".jsonl")
    }

    public func run(_ input: URL) throws -> FixtureResult {
        guard let data = FileManager.default.contents(atPath: input.path) else { throw CocoaError(.fileReadNoPermission) }
        let outcomes = produce([UInt8](data), input: input.lastPathComponent)
        let expectedURL = expectedFile(for: input)
        var differences: [Difference]?
        if let expected = FileManager.default.contents(atPath: expectedURL.path) {
            differences = try Self.compare(expected: Self.lines(expected, file: expectedURL.lastPathComponent), actual: outcomes.map(\.json))
        }
        return FixtureResult(input: input.lastPathComponent, expectedFile: expectedURL.path, outcomes: outcomes, differences: differences)
    }

    /// Maps one input into outcome lines.
    public func produce(_ bytes: [UInt8], input: String) -> [Outcome] {
        let results: [MappingEngine.RecordResult]
        do {
            results = try engine.run(bytes, input: input, recordedAt: Self.recordedAt)
        } catch {
            return [Outcome(line: Self.deadLetter(origin: input, rule: error.rule, path: error.position.map { "\($0)" } ?? "-", reason: error.reason))]
        }
        var outcomes: [Outcome] = []
        let encoder = EarlyYearsEvent.encoder()
        for result in results {
            switch result.outcome {
            case .events(let events):
                for mapped in events {
                    let line = (try? encoder.encode(mapped.event)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
                    outcomes.append(Outcome(line: line, event: mapped))
                }
            case .skipped:
                outcomes.append(Outcome(line: Self.jsonLine(["skipped": result.origin])))
            case .failed(let error):
                outcomes.append(Outcome(line: Self.deadLetter(origin: result.origin, rule: error.rule, path: error.field, reason: error.reason)))
            }
        }
        return outcomes
    }

    static func deadLetter(origin: String, rule: String, path: String, reason: String) -> String {
        jsonLine(["dead_letter": ["origin": origin, "rule": rule, "path": path, "reason": reason]])
    }

    static func jsonLine(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func lines(_ data: Data, file: String) throws -> [JSONValue] {
        var values: [JSONValue] = []
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            do {
                values.append(try JSONParser.parse(Array(text.utf8)))
            } catch {
                throw FixtureFileError(file: file, line: number + 1, reason: error.reason)
            }
        }
        return values
    }

    /// Field-by-field differences between the expected and produced outcomes.
    public static func compare(expected: [JSONValue], actual: [JSONValue]) -> [Difference] {
        var differences: [Difference] = []
        for index in 0..<max(expected.count, actual.count) {
            let place = "outcome \(index + 1)"
            guard index < expected.count else {
                differences.append(Difference(place: place, expected: "nothing", actual: summary(actual[index])))
                continue
            }
            guard index < actual.count else {
                differences.append(Difference(place: place, expected: summary(expected[index]), actual: "nothing"))
                continue
            }
            let want = leaves(expected[index])
            let got = leaves(actual[index])
            for path in Set(want.keys).union(got.keys).sorted() where path != "recorded_at" && want[path] != got[path] {
                differences.append(Difference(place: "\(place) \(path)", expected: want[path] ?? "no value", actual: got[path] ?? "no value"))
            }
        }
        return differences
    }

    static func summary(_ value: JSONValue) -> String {
        if let type = value["event_type"]?.stringValue { return "a \(type) event" }
        if value["skipped"] != nil { return "a skip" }
        if let rule = value["dead_letter"]?["rule"]?.stringValue { return "a dead letter (\(rule))" }
        return "an unrecognised line"
    }

    /// Dotted leaf paths (`subject.given_names[0]`) to their JSON text.
    public static func leaves(_ value: JSONValue, prefix: String = "") -> [String: String] {
        var result: [String: String] = [:]
        switch value {
        case .object(let members):
            if members.isEmpty { result[prefix] = "{}" }
            for (key, member) in members { result.merge(leaves(member, prefix: prefix.isEmpty ? key : "\(prefix).\(key)")) { first, _ in first } }
        case .array(let elements):
            if elements.isEmpty { result[prefix] = "[]" }
            for (index, element) in elements.enumerated() { result.merge(leaves(element, prefix: "\(prefix)[\(index)]")) { first, _ in first } }
        case .string(let text): result[prefix] = "\"\(text)\""
        case .number(let text): result[prefix] = text
        case .bool(let flag): result[prefix] = flag ? "true" : "false"
        case .null: result[prefix] = "null"
        }
        return result
    }

    /// Writes the produced outcomes as the expected file (for a vendor to review, then commit).
    public func record(_ result: FixtureResult) throws {
        try FileManager.default.createDirectory(at: adapter.fixturesExpected, withIntermediateDirectories: true)
        let text = result.outcomes.map { $0.line + "\n" }.joined()
        try Data(text.utf8).write(to: URL(fileURLWithPath: result.expectedFile), options: .atomic)
    }
}

public struct FixtureFileError: Error, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var reason: String
    public var description: String { "\(file) line \(line): not a JSON line (\(reason))" }
}
