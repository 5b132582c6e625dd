import Foundation
import Identity

/// `eyhub bench identity`: batch linkage of two generated sources by eyhub and by Splink (the
/// script in `bench/identity`, DuckDB backend) on the same files, with the same fields and
/// blocking; then single-record resolution against an index of many children.
struct IdentityBenchmark {
    /// Records in the smaller (right) source; the left has about 13% more.
    var records: Int
    var seed: UInt64
    var indexSize: Int
    var queries: Int
    /// The Python with Splink installed; `nil` skips Splink.
    var splinkPython: String?
    var repositoryRoot: URL

    struct Side {
        var seconds: Double
        var autoLinks: LinkageEvaluation
        var allPairs: LinkageEvaluation
    }

    struct Report {
        var leftCount: Int
        var rightCount: Int
        var eyhub: Side
        var splink: Side?
        var splinkVersion: String?
        var indexSize: Int
        var queries: Int
        var p50: Double
        var p99: Double
        var indexSeconds: Double
    }

    func run() throws -> Report {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eyhub-bench-identity-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // The right source holds about three children in four.
        let population = SyntheticPopulation.twoSources(.init(people: Int((Double(records) / 0.75).rounded(.up)), seed: seed))
        let leftFile = directory.appendingPathComponent("left.csv")
        let rightFile = directory.appendingPathComponent("right.csv")
        try Data(SyntheticPopulation.csv(population.left).utf8).write(to: leftFile)
        try Data(SyntheticPopulation.csv(population.right).utf8).write(to: rightFile)
        note("generated \(population.left.count) × \(population.right.count) records in \(directory.path)")

        let evaluate = { (pairs: [(left: String, right: String, probability: Double)], threshold: Double) in
            LinkageEvaluation(pairs: pairs, threshold: threshold, leftIDs: population.left.map(\.id), rightIDs: population.right.map(\.id),
                              truth: population.truth, twins: population.twins)
        }

        // eyhub: what `eyhub identity match` does without a model file, files to file.
        note("eyhub: training and linking")
        let start = ContinuousClock.now
        let left = try IdentityCommand.Batch.read(leftFile.path)
        let right = try IdentityCommand.Batch.read(rightFile.path)
        let model = try IdentityCommand.Batch.model(nil, left, right)
        let linked = BatchLinker(model: model, threshold: 0.5).link(left, right)
        let ours = linked.map { (left: left[$0.left].id, right: right[$0.right].id, probability: $0.probability) }
        try IdentityCommand.Batch.write(ours, to: directory.appendingPathComponent("eyhub-pairs.csv").path)
        let eyhub = Side(seconds: start.duration(to: .now).seconds, autoLinks: evaluate(ours, model.thresholds.link), allPairs: evaluate(ours, 0.5))

        var splink: Side?
        var splinkVersion: String?
        if let splinkPython {
            note("splink: training and linking")
            let (pairs, seconds, version) = try runSplink(python: splinkPython, left: leftFile, right: rightFile, in: directory)
            splink = Side(seconds: seconds, autoLinks: evaluate(pairs, model.thresholds.link), allPairs: evaluate(pairs, 0.5))
            splinkVersion = version
        }

        // One record at a time against a large index, with the model trained above.
        note("indexing \(indexSize) children")
        let indexStart = ContinuousClock.now
        let big = SyntheticPopulation.twoSources(.init(people: Int((Double(indexSize) / 0.85).rounded(.up)), seed: seed &+ 1))
        var index = IdentityIndex()
        for record in big.left.prefix(indexSize) { index.insert(LinkageRecord(record), source: 0) }
        let indexSeconds = indexStart.duration(to: .now).seconds
        note("resolving \(queries) records one at a time")
        let scorer = model.scorer
        var times: [Double] = []
        times.reserveCapacity(queries)
        var linkedQueries = 0
        for record in big.right.prefix(queries) {
            let queryStart = ContinuousClock.now
            let query = LinkageRecord(record)
            let best = index.candidates(for: query, source: 1, scorer: scorer, minimumProbability: model.thresholds.review).first
            times.append(queryStart.duration(to: .now).seconds)
            if best != nil { linkedQueries += 1 }
        }
        times.sort()
        let percentile = { (share: Double) in times.isEmpty ? 0 : times[min(times.count - 1, Int(Double(times.count) * share))] }
        note("\(linkedQueries) of \(times.count) queries found a candidate at or above the review threshold")
        return Report(leftCount: left.count, rightCount: right.count, eyhub: eyhub, splink: splink, splinkVersion: splinkVersion,
                      indexSize: index.count, queries: times.count, p50: percentile(0.5), p99: percentile(0.99), indexSeconds: indexSeconds)
    }

    /// Runs the Splink script and reads its pairs and its own timing (`seconds_total`: reading
    /// the files to writing the pairs, without Python's start-up and imports).
    private func runSplink(python: String, left: URL, right: URL, in directory: URL) throws -> ([(left: String, right: String, probability: Double)], Double, String) {
        let out = directory.appendingPathComponent("splink-pairs.csv")
        let timing = directory.appendingPathComponent("splink-timing.json")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [repositoryRoot.appendingPathComponent("bench/identity/splink_link.py").path, "--left", left.path, "--right", right.path,
                             "--out", out.path, "--threshold", "0.5", "--timing", timing.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw MappingBenchmark.BenchmarkError(description: "the Splink script exited with status \(process.terminationStatus); see bench/identity/README.md to set it up")
        }
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: timing)) as? [String: Any] ?? [:]
        let pairs = try PersonRecordCSV.readPairs([UInt8](Data(contentsOf: out)))
        return (pairs, report["seconds_total"] as? Double ?? 0, report["splink_version"] as? String ?? "?")
    }

    private func note(_ text: String) {
        FileHandle.standardError.write(Data("\(text)\n".utf8))
    }

    static func table(_ report: Report) -> String {
        let fixed = LinkageEvaluation.fixed
        var lines = [
            "batch linkage: \(report.leftCount) × \(report.rightCount) generated records, the same files for both; "
                + "eyhub on all cores, Splink \(report.splinkVersion ?? "(not run)") with DuckDB on all cores",
            "                         eyhub" + (report.splink == nil ? "" : "        splink   splink/eyhub"),
        ]
        func row(_ name: String, _ value: (Side) -> Double, digits: Int, ratio: Bool = false) {
            var line = name.padding(toLength: 22, withPad: " ", startingAt: 0) + fixed(value(report.eyhub), digits).leftPadded(9)
            if let splink = report.splink {
                line += fixed(value(splink), digits).leftPadded(14)
                if ratio { line += fixed(value(splink) / value(report.eyhub), 2).leftPadded(15) }
            }
            lines.append(line)
        }
        row("seconds", \.seconds, digits: 2, ratio: true)
        let records = Double(report.leftCount + report.rightCount)
        row("records/s", { records / $0.seconds }, digits: 0)
        for (label, pick) in [("auto-link ≥ 0.95", \Side.autoLinks), ("pairs ≥ 0.5", \Side.allPairs)] {
            lines.append(label)
            row("  precision", { $0[keyPath: pick].precision }, digits: 5)
            row("  recall", { $0[keyPath: pick].recall }, digits: 5)
            row("  F1", { $0[keyPath: pick].f1 }, digits: 5)
            row("  twin merges", { Double($0[keyPath: pick].twinMerges) }, digits: 0)
        }
        if let splink = report.splink {
            lines.append("F1 eyhub/splink: auto-link \(fixed(report.eyhub.autoLinks.f1 / splink.autoLinks.f1, 4)), pairs ≥ 0.5 \(fixed(report.eyhub.allPairs.f1 / splink.allPairs.f1, 4))")
        }
        lines.append("single record against \(report.indexSize) children (indexed in \(fixed(report.indexSeconds, 1)) s), \(report.queries) queries, one thread: "
            + "p50 \(fixed(report.p50 * 1000, 3)) ms, p99 \(fixed(report.p99 * 1000, 3)) ms")
        return lines.joined(separator: "\n")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
