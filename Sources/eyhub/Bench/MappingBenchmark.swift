import EarlyYearsSchema
import Foundation
import Mapping
import Synchronization

/// Maps the same number of records in each source format through the mapping engine, in this
/// process and on one thread, and for FHIR and JSON compares it with jq doing the same
/// extraction over the same inputs (docs/decisions/0012-mapping-benchmark.md). With `threads`
/// above 1, each round also maps the same records with that many threads sharing one engine
/// (the documents split into contiguous runs), reported beside the single-thread figures; jq
/// stays one process.
///
/// What is timed for the hub, per record: reading it from the input file, parsing it, every rule
/// of the mapping, transforms and lookups, the event id (SHA-256, over the mapped content when
/// the source gives no version), the data-quality checks, schema validation, and encoding the
/// event as its canonical JSON bytes. What is timed for jq: one `jq -c` process over the same
/// file, writing its objects to /dev/null.
struct MappingBenchmark {
    let records: Int
    let formats: [MappingDefinition.Format]
    /// Worker threads for the second eyhub measurement of each round; 1 for none.
    let threads: Int
    let repositoryRoot: URL
    let catalog: SchemaCatalog
    /// Formats jq is compared on (FHIR bundles and JSON documents; jq does not read the others).
    static let jqFormats: Set<MappingDefinition.Format> = [.fhir, .json]
    /// The same for every record, so that jq's output can be compared with ours.
    static let recordedAt = "2026-01-15T09:00:00Z"
    static let adapter = "bench"

    struct Measurement {
        var seconds: Double
        var cpuSeconds: Double
        var records: Int
        var rate: Double { Double(records) / seconds }
    }

    struct FormatReport {
        var format: MappingDefinition.Format
        var records: Int
        var inputBytes: Int
        var ours: [Measurement] = []
        /// With ``MappingBenchmark/threads`` threads; empty for one thread or a one-document input.
        var oursParallel: [Measurement] = []
        var jq: [Measurement] = []

        static func median(_ list: [Measurement]) -> Measurement? {
            list.isEmpty ? nil : list.sorted { $0.seconds < $1.seconds }[list.count / 2]
        }
    }

    func run(rounds: Int) throws -> [FormatReport] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eyhub-mapping-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputs = MappingInputs(records: records, directory: directory, repositoryRoot: repositoryRoot)

        var reports: [FormatReport] = []
        for format in formats {
            let definition = try MappingLoader.load(
                contentsOf: repositoryRoot.appendingPathComponent("bench/mappings/\(format.rawValue).yaml"), catalog: catalog)
            let engine = MappingEngine(definition: definition, catalog: catalog, adapter: Self.adapter)
            let corpus = try inputs.write(format)
            let size = (try FileManager.default.attributesOfItem(atPath: corpus.file.path)[.size] as? Int) ?? 0
            var report = FormatReport(format: format, records: records, inputBytes: size)
            let jqProgram = Self.jqFormats.contains(format) ? repositoryRoot.appendingPathComponent("bench/jq/\(format.rawValue).jq") : nil

            // Warm-up: a first pass over part of the input, and for jq a check that its output
            // agrees with ours on a sample, so the two really do the same extraction.
            _ = try mapAll(corpus, engine: engine, limit: min(records, 2_000))
            if let jqProgram { try checkAgreement(corpus, engine: engine, program: jqProgram, sample: min(records, 200), in: directory) }

            for round in 0..<rounds {
                // Alternate which goes first, so neither always meets a warmer machine.
                let order = round % 2 == 0 ? ["eyhub", "jq"] : ["jq", "eyhub"]
                for tool in order {
                    if tool == "jq" {
                        guard let jqProgram else { continue }
                        let measurement = try runJQ(program: jqProgram, input: corpus.file, output: nil)
                        report.jq.append(measurement)
                        printRound(round, format, "jq", measurement)
                    } else {
                        let measurement = try mapAll(corpus, engine: engine, limit: records)
                        report.ours.append(measurement)
                        printRound(round, format, "eyhub", measurement)
                        // A one-document input (a CSV export) is one engine run: nothing to share out.
                        if threads > 1, let documents = corpus.documents, documents.count > 1 {
                            let parallel = try mapInParallel(corpus, engine: engine)
                            report.oursParallel.append(parallel)
                            printRound(round, format, "eyhub×\(threads)", parallel)
                        }
                    }
                }
            }
            reports.append(report)
            try? FileManager.default.removeItem(at: corpus.file)
        }
        return reports
    }

    private func printRound(_ round: Int, _ format: MappingDefinition.Format, _ tool: String, _ measurement: Measurement) {
        print(String(
            format: "round %d  %-6@ %-8@ %8.2f s  %10.0f records/s  %6.2f s CPU", round + 1, format.rawValue, tool,
            measurement.seconds, measurement.rate, measurement.cpuSeconds))
    }

    /// The file's bytes, read straight into one array (not through `Data`, which would be copied).
    static func contents(of path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw BenchmarkError(description: "cannot read \(path)") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw BenchmarkError(description: "cannot read \(path)") }
        let size = Int(status.st_size)
        return try [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            while count < size {
                let read = Glibc.read(descriptor, buffer.baseAddress! + count, size - count)
                guard read > 0 else { throw BenchmarkError(description: "cannot read \(path)") }
                count += read
            }
        }
    }

    /// Reads the corpus file and maps its first `limit` records, encoding every event.
    private func mapAll(_ corpus: MappingInputs.Corpus, engine: MappingEngine, limit: Int) throws -> Measurement {
        let cpu = CPUTime(RUSAGE_SELF.rawValue)
        let start = ContinuousClock.now
        var tally = Tally()
        let input = corpus.file.lastPathComponent
        if let documents = corpus.documents {
            var stream = try DocumentStream(path: corpus.file.path)
            for (index, range) in documents.prefix((limit + corpus.recordsPerDocument - 1) / corpus.recordsPerDocument).enumerated() {
                try tally.add(engine.run(stream.document(range), input: "\(input)#\(index)", recordedAt: Self.recordedAt))
            }
        } else {
            let bytes = try Self.contents(of: corpus.file.path)
            // One export file: with a limit, only whole records up to it.
            try tally.add(engine.run(limit == corpus.records ? bytes : prefix(of: bytes, records: limit, format: corpus.format),
                                     input: input, recordedAt: Self.recordedAt))
        }
        let elapsed = start.duration(to: .now).seconds
        let expected = corpus.documents == nil ? limit : min(corpus.records, (limit + corpus.recordsPerDocument - 1) / corpus.recordsPerDocument * corpus.recordsPerDocument)
        guard tally.events == expected, tally.records == expected else {
            throw BenchmarkError(description: "\(corpus.format.rawValue): \(tally.records) records gave \(tally.events) events, expected \(expected) each; \(tally.firstProblem ?? "")")
        }
        return Measurement(seconds: elapsed, cpuSeconds: cpu.elapsed, records: expected)
    }

    /// Reads the corpus file and maps every document with ``threads`` threads sharing one engine,
    /// each taking a contiguous run of documents and encoding every event, as ``mapAll`` does.
    private func mapInParallel(_ corpus: MappingInputs.Corpus, engine: MappingEngine) throws -> Measurement {
        let cpu = CPUTime(RUSAGE_SELF.rawValue)
        let start = ContinuousClock.now
        guard let documents = corpus.documents else { throw BenchmarkError(description: "\(corpus.file.path) is one document") }
        let input = corpus.file.lastPathComponent
        let share = (documents.count + threads - 1) / threads
        let tallies = Mutex<[Result<Tally, any Error>]>([])
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            let result = Result { () throws -> Tally in
                var tally = Tally()
                var stream = try DocumentStream(path: corpus.file.path)
                for index in (worker * share)..<min(documents.count, (worker + 1) * share) {
                    try tally.add(engine.run(stream.document(documents[index]), input: "\(input)#\(index)", recordedAt: Self.recordedAt))
                }
                return tally
            }
            tallies.withLock { $0.append(result) }
        }
        var total = Tally()
        for result in tallies.withLock({ $0 }) {
            let tally = try result.get()
            total.records += tally.records
            total.events += tally.events
            total.bytes += tally.bytes
            total.firstProblem = total.firstProblem ?? tally.firstProblem
        }
        let elapsed = start.duration(to: .now).seconds
        guard total.events == corpus.records, total.records == corpus.records else {
            throw BenchmarkError(description: "\(corpus.format.rawValue) with \(threads) threads: \(total.records) records gave \(total.events) events, expected \(corpus.records) each; \(total.firstProblem ?? "")")
        }
        return Measurement(seconds: elapsed, cpuSeconds: cpu.elapsed, records: corpus.records)
    }

    /// The header and first `records` rows of a CSV export.
    private func prefix(of bytes: [UInt8], records: Int, format: MappingDefinition.Format) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
        return Array(text.split(separator: "\n", maxSplits: records + 1).prefix(records + 1).joined(separator: "\n").utf8)
    }

    private struct Tally {
        var records = 0
        var events = 0
        /// The canonical JSON bytes of every event, counted so that the encoding is not optimised away.
        var bytes = 0
        var firstProblem: String?

        mutating func add(_ results: [MappingEngine.RecordResult]) throws {
            for result in results {
                records += 1
                switch result.outcome {
                case .events(let mapped):
                    for event in mapped {
                        events += 1
                        bytes += try event.canonicalJSON().count
                    }
                case .skipped:
                    firstProblem = firstProblem ?? "\(result.origin) skipped"
                case .failed(let error):
                    firstProblem = firstProblem ?? "\(result.origin): \(error)"
                }
            }
        }
    }

    /// Runs `jq -c -f program input`, writing to `output` (or /dev/null).
    private func runJQ(program: URL, input: URL, output: URL?) throws -> Measurement {
        let cpu = CPUTime(RUSAGE_CHILDREN.rawValue)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["jq", "-c", "--arg", "recorded_at", Self.recordedAt, "--arg", "adapter", Self.adapter, "-f", program.path, input.path]
        if let output {
            FileManager.default.createFile(atPath: output.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: output)
        } else {
            process.standardOutput = FileHandle.nullDevice
        }
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        let elapsed = start.duration(to: .now).seconds
        guard process.terminationStatus == 0 else {
            throw BenchmarkError(description: "jq exited with status \(process.terminationStatus); is it installed (apt-get install jq)?")
        }
        return Measurement(seconds: elapsed, cpuSeconds: cpu.elapsed, records: records)
    }

    /// jq's objects must equal our events on the first `sample` records, apart from what jq
    /// cannot compute (the SHA-256 event id and the data-quality findings) and the record's
    /// place in its input.
    private func checkAgreement(_ corpus: MappingInputs.Corpus, engine: MappingEngine, program: URL, sample: Int, in directory: URL) throws {
        guard let documents = corpus.documents, let data = FileManager.default.contents(atPath: corpus.file.path) else { return }
        let bytes = [UInt8](data)
        let sampleFile = directory.appendingPathComponent("sample-\(corpus.format.rawValue).json")
        let outputFile = directory.appendingPathComponent("sample-\(corpus.format.rawValue).out")
        try Data(bytes[0..<documents[sample - 1].upperBound]).write(to: sampleFile)
        _ = try runJQ(program: program, input: sampleFile, output: outputFile)
        let lines = try String(contentsOf: outputFile, encoding: .utf8).split(separator: "\n")
        guard lines.count == sample else {
            throw BenchmarkError(description: "jq gave \(lines.count) objects for \(sample) \(corpus.format.rawValue) records")
        }
        func comparable(_ json: some DataProtocol) throws -> NSDictionary {
            guard var object = try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any] else { return [:] }
            object["event_id"] = nil
            object["data_quality"] = nil
            if var provenance = object["provenance"] as? [String: Any] {
                provenance["origin"] = nil
                object["provenance"] = provenance
            }
            return object as NSDictionary
        }
        for (index, range) in documents.prefix(sample).enumerated() {
            let results = try engine.run(Array(bytes[range]), input: "sample", recordedAt: Self.recordedAt)
            guard case .events(let mapped)? = results.first?.outcome, let event = mapped.first else {
                throw BenchmarkError(description: "\(corpus.format.rawValue) record \(index) did not map")
            }
            let ours = try comparable(event.canonicalJSON())
            let theirs = try comparable(Array(lines[index].utf8))
            guard ours.isEqual(theirs) else {
                throw BenchmarkError(description: """
                    jq and eyhub disagree on \(corpus.format.rawValue) record \(index):
                    eyhub: \(String(decoding: try event.canonicalJSON(), as: UTF8.self))
                    jq:    \(lines[index])
                    """)
            }
        }
    }

    /// The median round of each format; with more than one thread, the multi-thread figures and
    /// their ratio to jq follow the single-thread ones, each column labelled with its threads.
    static func table(_ reports: [FormatReport], rounds: Int, threads: Int) -> String {
        let parallel = threads > 1
        var lines = [
            "\(reports.first?.records ?? 0) records per format, median of \(rounds) round(s); eyhub on one thread"
                + (parallel ? " and on \(threads) threads (×\(threads))" : "") + "; jq 1.6 (one process) on the same files for FHIR and JSON",
            "format    MB in   eyhub rec/s   eyhub s" + (parallel ? "  eyhub×\(threads) rec/s  eyhub×\(threads) s" : "")
                + "    jq rec/s      jq s   ours/jq" + (parallel ? "  ours×\(threads)/jq" : ""),
        ]
        for report in reports {
            guard let ours = FormatReport.median(report.ours) else { continue }
            var row = [
                report.format.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0),
                String(format: "%7.1f", Double(report.inputBytes) / 1e6),
                String(format: "%12.0f", ours.rate), String(format: "%8.2f", ours.seconds),
            ]
            let many = FormatReport.median(report.oursParallel)
            if parallel {
                row += many.map { [String(format: "%14.0f", $0.rate), String(format: "%10.2f", $0.seconds)] } ?? ["             -", "         -"]
            }
            if let jq = FormatReport.median(report.jq) {
                row += [String(format: "%10.0f", jq.rate), String(format: "%8.2f", jq.seconds), String(format: "%8.2f", ours.rate / jq.rate)]
                if parallel { row.append(many.map { String(format: "%11.2f", $0.rate / jq.rate) } ?? "          -") }
            } else {
                row += ["         -", "       -", "       -"]
                if parallel { row.append("          -") }
            }
            lines.append(row.joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }

    struct BenchmarkError: Error, CustomStringConvertible {
        var description: String
    }
}
