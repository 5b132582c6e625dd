import ArgumentParser
import EarlyYearsSchema
import Foundation
import HubRuntime
import Kafka
import Mapping

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks, compared side by side with a reference tool.", subcommands: [Kafka.self, Mapping.self, Identity.self, Route.self])

    struct Kafka: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Produce then consume N records through eyhub's Kafka module and through kcat, on the same broker, and print the ratio.")

        @Option(help: "Records per direction.") var messages = 1_000_000
        @Option(help: "Bytes per record value.") var size = 200
        @Option(help: "Rounds to run; the median round is reported.") var rounds = 5
        @Option(help: "Use this running broker for every phase, instead of a fresh embedded broker per client and round.") var bootstrapServers: String?
        @Option(name: .customShort("X"), help: ArgumentHelp("A librdkafka property applied to both clients, eyhub's and kcat's (repeatable).", valueName: "key=value"))
        var properties: [String] = []
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.bootstrap()
            let brokers: KafkaBenchmark.Brokers = bootstrapServers.map { .shared(bootstrapServers: $0) } ?? .freshEmbedded
            let benchmark = KafkaBenchmark(brokers: brokers, messages: messages, size: size, properties: properties, logger: logger)
            let result: Result<KafkaBenchmark.Report, any Error> = await Result(catching: { try await benchmark.run(rounds: rounds) })
            print(try result.get().table)
        }
    }
}

extension BenchCommand {
    struct Mapping: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Map N records per source format in this process, one thread (and optionally more), and compare FHIR and JSON with jq doing the same extraction.")

        @Option(help: "Records per format.") var records = 100_000
        @Option(help: "Rounds to run; the median round is reported.") var rounds = 3
        @Option(help: "Formats to run, comma-separated (csv, json, fhir, hl7v2, xml).") var formats = "csv,json,fhir,hl7v2,xml"
        @Option(help: "Also map each round with this many threads sharing one engine, reported beside the single-thread figures (1: single thread only).")
        var threads = 1
        @Option(help: "The repository root: bench/mappings, bench/jq and the schema are read from it, the DCH fixture from ../shared/fixtures beside it.")
        var repositoryRoot = "."

        func run() throws {
            let root = URL(fileURLWithPath: repositoryRoot)
            let schema = root.appendingPathComponent("schemas/early-years-event.v1.schema.json")
            let catalog: SchemaCatalog
            do { catalog = try SchemaCatalog(contentsOf: schema) } catch {
                throw ValidationError("cannot read the schema at \(schema.path); run from the repository root or pass --repository-root")
            }
            var chosen: [MappingDefinition.Format] = []
            for name in formats.split(separator: ",") {
                guard let format = MappingDefinition.Format(rawValue: String(name)) else { throw ValidationError("unknown format \(name)") }
                chosen.append(format)
            }
            guard records > 0, rounds > 0, threads > 0 else { throw ValidationError("records, rounds and threads must be positive") }
            let benchmark = MappingBenchmark(records: records, formats: chosen, threads: threads, repositoryRoot: root, catalog: catalog)
            let reports = try benchmark.run(rounds: rounds)
            print(MappingBenchmark.table(reports, rounds: rounds, threads: threads))
        }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

extension BenchCommand {
    struct Identity: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Link two generated sources with eyhub and with Splink on the same files (F1 and time, and their ratios), then resolve single records against a large index (p50 and p99).")

        @Option(help: "Records in the smaller source (the other has about 13% more).") var records = 100_000
        @Option(help: "The generator's seed.") var seed: UInt64 = 42
        @Option(help: "Children in the index single records are resolved against.") var index = 1_000_000
        @Option(help: "Single records to resolve.") var queries = 10_000
        @Option(help: "The Python with Splink installed (see bench/identity/README.md).") var splinkPython = "/opt/eyhub-splink-venv/bin/python"
        @Flag(help: "Do not run Splink.") var skipSplink = false
        @Option(help: "The repository root (bench/identity is read from it).") var repositoryRoot = "."

        func run() throws {
            guard records > 0, index > 0, queries > 0 else { throw ValidationError("records, index and queries must be positive") }
            let python: String? = skipSplink ? nil : splinkPython
            if let python, !FileManager.default.isExecutableFile(atPath: python) {
                throw ValidationError("no Python at \(python): run ./scripts/setup-splink.sh (see bench/identity/README.md), pass --splink-python, or --skip-splink")
            }
            let benchmark = IdentityBenchmark(records: records, seed: seed, indexSize: index, queries: queries, splinkPython: python,
                                              repositoryRoot: URL(fileURLWithPath: repositoryRoot))
            print(IdentityBenchmark.table(try benchmark.run()))
        }
    }
}

extension BenchCommand {
    struct Route: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Route N child events with 50 recipients and 200 agreements, beside a pass-through stage on the same input, and print events per second and the ratio.")

        @Option(help: "Child events in the input.") var events = 50_000
        @Option(help: "Children they are about.") var children = 5_000
        @Option(help: "Rounds to run; the median ratio is reported.") var rounds = 3
        @OptionGroup var schema: MappingCommand.SchemaOption
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            guard events > children, children > 0, rounds > 0 else { throw ValidationError("events must exceed children, and both be positive") }
            let logger = logging.bootstrap()
            let rounds = try await RouteBenchmark(events: events, children: children, rounds: self.rounds, catalog: try schema.catalog(), logger: logger).run()
            let ratios = rounds.map { $0.router / $0.passThrough }.sorted()
            let median = rounds.sorted { $0.router / $0.passThrough < $1.router / $1.passThrough }[rounds.count / 2]
            print(String(format: "median: pass-through %.0f events/s, router %.0f events/s, ratio %.2f (goal 0.70); ratios %@",
                         median.passThrough, median.router, median.router / median.passThrough,
                         ratios.map { String(format: "%.2f", $0) }.joined(separator: " ")))
        }
    }
}
