import ArgumentParser
import EarlyYearsSchema
import Foundation
import Mapping

struct MappingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mapping", abstract: "Run and check declarative mappings, without Kafka.", subcommands: [Run.self, Test.self, Lint.self, Fields.self])

    struct SchemaOption: ParsableArguments {
        @Option(help: "The published JSON Schema the mappings are checked against.")
        var schema = Self.defaultPath

        static let defaultPath = "schemas/early-years-event.v1.schema.json"

        func catalog() throws -> SchemaCatalog {
            do {
                return try SchemaCatalog(contentsOf: location())
            } catch {
                throw ValidationError("cannot read the schema at \(schema); run from the repository root or pass --schema")
            }
        }

        /// The schema as given; the default is also looked for above the executable, so that
        /// `.build/debug/eyhub` finds the repository's copy from any directory.
        func location() -> URL {
            let given = URL(fileURLWithPath: schema)
            guard schema == Self.defaultPath, !FileManager.default.fileExists(atPath: given.path) else { return given }
            var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<5 {
                let candidate = directory.appendingPathComponent(Self.defaultPath)
                if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
                directory.deleteLastPathComponent()
            }
            return given
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Map one input file and print the canonical events as JSON Lines; problems go to standard error.")
        @Argument(help: "The mapping file.") var mapping: String
        @Argument(help: "The input file.") var input: String
        @Option(help: "The adapter name recorded in provenance.") var adapter = "cli"
        @OptionGroup var schema: SchemaOption

        func run() async throws {
            let catalog = try schema.catalog()
            let definition = try MappingLoader.load(contentsOf: URL(fileURLWithPath: mapping), catalog: catalog)
            guard let bytes = FileManager.default.contents(atPath: input) else {
                throw ValidationError("cannot read \(input)")
            }
            let engine = MappingEngine(definition: definition, catalog: catalog, adapter: adapter)
            let recordedAt = ISO8601DateFormatter().string(from: Date())
            let results: [MappingEngine.RecordResult]
            do {
                results = try engine.run([UInt8](bytes), input: (input as NSString).lastPathComponent, recordedAt: recordedAt)
            } catch {
                FileHandle.standardError.write(Data("error: \(input): \(error)\n".utf8))
                throw ExitCode(2)
            }
            let encoder = EarlyYearsEvent.encoder()
            var counts = (events: 0, skipped: 0, failed: 0)
            for result in results {
                switch result.outcome {
                case .events(let events):
                    for mapped in events { print(String(decoding: try encoder.encode(mapped.event), as: UTF8.self)) }
                    counts.events += events.count
                case .skipped:
                    counts.skipped += 1
                case .failed(let error):
                    counts.failed += 1
                    FileHandle.standardError.write(Data("error: \(result.origin): \(error)\n".utf8))
                }
            }
            FileHandle.standardError.write(Data("\(results.count) records: \(counts.events) events, \(counts.skipped) skipped, \(counts.failed) failed\n".utf8))
            if counts.failed > 0 { throw ExitCode(1) }
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run an adapter's fixtures (fixtures/in) and compare them, field by field, with fixtures/expected.",
            discussion: """
            Each fixtures/in/<name>.<ext> is mapped and compared with fixtures/expected/<name>.jsonl: one JSON line per \
            outcome, in order (a canonical event, {"skipped": origin} or {"dead_letter": {origin, rule, path, reason}}). \
            recorded_at is not compared. Exit 1 if any fixture differs or has no expected file.
            """)
        @Argument(help: "The adapter folder (holding adapter.yaml).") var adapter: String
        @Flag(help: "For every output field, show the mapping rule and the source path that produced it.") var explain = false
        @Flag(help: "Write the outputs as the expected files (review them before committing).") var record = false
        @Option(help: "Only fixtures whose file name contains this text.") var only: String?
        @OptionGroup var schema: SchemaOption

        func run() async throws {
            let catalog = try schema.catalog()
            let definition = try AdapterLoader.load(directory: URL(fileURLWithPath: adapter))
            let mapping = try MappingLoader.load(contentsOf: definition.mapping, catalog: catalog)
            let runner = FixtureRunner(adapter: definition, engine: MappingEngine(definition: mapping, catalog: catalog, adapter: definition.name))
            let explainer = MappingExplainer(definition: mapping)
            let inputs: [URL]
            do {
                inputs = try runner.inputs().filter { only.map($0.lastPathComponent.contains) ?? true }
            } catch {
                throw ValidationError("cannot list \(definition.fixturesInput.path)")
            }
            guard !inputs.isEmpty else { throw ValidationError("no fixtures in \(definition.fixturesInput.path)") }
            var failed = 0
            var outcomes = 0
            for input in inputs {
                let result = try runner.run(input)
                outcomes += result.outcomes.count
                if record {
                    try runner.record(result)
                    print("wrote \(result.expectedFile) (\(result.outcomes.count) outcome(s))")
                } else if let differences = result.differences {
                    if differences.isEmpty {
                        print("ok    \(result.input) (\(Self.summary(result.outcomes)))")
                    } else {
                        failed += 1
                        print("FAIL  \(result.input): \(differences.count) difference(s)")
                        for difference in differences { print("      \(difference)") }
                    }
                } else {
                    failed += 1
                    print("FAIL  \(result.input): no expected file \(result.expectedFile) (run with --record, then review it)")
                }
                if explain { Self.explain(result, explainer) }
            }
            print("\(inputs.count) fixture(s), \(outcomes) outcome(s), \(failed) failed")
            if failed > 0 { throw ExitCode(1) }
        }

        static func summary(_ outcomes: [FixtureRunner.Outcome]) -> String {
            let events = outcomes.filter { $0.event != nil }.count
            let skipped = outcomes.filter { $0.json["skipped"] != nil }.count
            let dead = outcomes.count - events - skipped
            return "\(events) event(s), \(skipped) skipped, \(dead) dead letter(s)"
        }

        static func explain(_ result: FixtureRunner.FixtureResult, _ explainer: MappingExplainer) {
            for (number, outcome) in result.outcomes.enumerated() {
                guard let mapped = outcome.event else {
                    print("      outcome \(number + 1): \(outcome.line)")
                    continue
                }
                print("      outcome \(number + 1): \(mapped.event.eventType.rawValue) event")
                let leaves = FixtureRunner.leaves(outcome.json)
                let width = min(44, leaves.keys.map(\.count).max() ?? 0)
                for (path, value) in leaves.sorted(by: { $0.key < $1.key }) {
                    let padded = path.padding(toLength: max(width, path.count), withPad: " ", startingAt: 0)
                    print("        \(padded) = \(value)  <- \(explainer.explain(path, rule: mapped.rule))")
                }
            }
        }
    }

    struct Lint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check every mapping file; exit 1 if any has a problem.")
        @Argument(help: "Mapping files or directories (default: mappings/).") var paths: [String] = ["mappings"]
        @OptionGroup var schema: SchemaOption

        func run() async throws {
            let catalog = try schema.catalog()
            var files: [String] = []
            for path in paths {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw ValidationError("no such file: \(path)") }
                if isDirectory.boolValue {
                    let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                    files += names.sorted().map { "\(path)/\($0)" }
                } else {
                    files.append(path)
                }
            }
            var problems = 0
            for file in files {
                do {
                    let definition = try MappingLoader.load(contentsOf: URL(fileURLWithPath: file), catalog: catalog)
                    print("ok    \(file) (\(definition.id) v\(definition.version), \(definition.events.count) event rule(s))")
                } catch {
                    problems += 1
                    print("error \(error)")
                }
            }
            print("\(files.count) mapping(s), \(problems) with problems")
            if problems > 0 { throw ExitCode(1) }
        }
    }

    struct Fields: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the target fields a mapping may fill for an event type, with their types and code lists.")
        @Argument(help: "An event type (omit to list the event types).") var eventType: String?
        @OptionGroup var schema: SchemaOption

        func run() async throws {
            let catalog = try schema.catalog()
            guard let name = eventType else {
                for type in EventType.allCases { print(type.rawValue) }
                return
            }
            guard let type = EventType(rawValue: name) else {
                throw ValidationError("unknown event type \(name); run `eyhub mapping fields` for the list")
            }
            let required = Set(catalog.requiredLeaves(of: type))
            print("field  (* required; filled by the hub: envelope, provenance, data_quality, check results)")
            for field in catalog.fields(of: type) where !MappingChecker.isHubOwned(field.path) {
                let kind: String
                switch field.kind {
                case .object: continue
                case .array: continue
                case .boolean: kind = "true/false"
                case .integer(let minimum, let maximum): kind = "whole number" + Self.range(minimum, maximum)
                case .number(let minimum, let maximum): kind = "number" + Self.range(minimum, maximum)
                case .string(let format, let allowed):
                    if let allowed { kind = "one of: " + allowed.joined(separator: ", ") } else { kind = format.map { "text (\($0))" } ?? "text" }
                }
                print("\(required.contains(field.path) ? "*" : " ") \(field.path)  \(kind)")
            }
        }

        static func range(_ minimum: Double?, _ maximum: Double?) -> String {
            guard minimum != nil || maximum != nil else { return "" }
            func text(_ value: Double?) -> String { value.map { String(Int($0)) } ?? "" }
            return " \(text(minimum))–\(text(maximum))"
        }
    }
}
