import ArgumentParser
import EarlyYearsSchema
import Foundation
import Mapping

struct MappingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mapping", abstract: "Run and check declarative mappings, without Kafka.", subcommands: [Run.self, Lint.self])

    struct SchemaOption: ParsableArguments {
        @Option(help: "The published JSON Schema the mappings are checked against.")
        var schema = "schemas/early-years-event.v1.schema.json"

        func catalog() throws -> SchemaCatalog {
            do {
                return try SchemaCatalog(contentsOf: URL(fileURLWithPath: schema))
            } catch {
                throw ValidationError("cannot read the schema at \(schema); run from the repository root or pass --schema")
            }
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
                    for event in events { print(String(decoding: try encoder.encode(event), as: UTF8.self)) }
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
}
