import ArgumentParser
import Audit
import Foundation
import HubRuntime
import Kafka
import Logging

/// `eyhub ndl`: non-personal aggregates for the National Data Library.
struct NDLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ndl",
        abstract: "Non-personal aggregate tables for the National Data Library (docs/ndl-aggregates.md).",
        subcommands: [Export.self])

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count children by LA, age band and concern domain for a period, with disclosure control, into CSV tables and metadata.json.",
            discussion: """
            Reads eyh.child-events.v1 to its end (read committed), follows identity merges and splits, and writes only \
            protected counts: the 10-5 rule (suppressed cells are `c`) with secondary suppression so that no suppressed \
            cell can be worked out from the totals. No row is about a child and no child id is written.
            """)

        @Option(help: "The period: a quarter (2026-Q2), a half year (2026-H1) or a year (2026).") var period: String
        @Option(help: "The directory to write the tables and metadata.json to (created if needed).") var out: String
        @Option(help: "Counts below this are suppressed (GSS symbol c).") var threshold = 10
        @Option(help: "Other counts are rounded to the nearest multiple of this (1: no rounding).") var roundingBase = 5
        @Option(help: "A CSV of org_code,la_code: the LA of children whose records come from no local authority.") var laMap: String?
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var logging: LoggingOptions

        func validate() throws {
            guard ReportingPeriod(period) != nil else { throw ValidationError("--period \(period) is not a quarter (2026-Q2), half year (2026-H1) or year (2026)") }
            guard threshold >= 1, roundingBase >= 1 else { throw ValidationError("--threshold and --rounding-base must be at least 1") }
        }

        func run() async throws {
            let logger = logging.bootstrap()
            let fold = NDLFold(period: ReportingPeriod(period)!, laByOrgCode: try laMap.map(Self.readLAMap) ?? [:])
            let messages = try await TopicSnapshot.read(HubTopics.childEvents, client: try connection.clientConfiguration(clientID: "eyhub-ndl-export"), logger: logger)
            var records: [ChildEventsRecord] = []
            var unreadable = 0
            for message in messages {
                do { records.append(try ChildEventsRecord(message)) } catch {
                    unreadable += 1
                    logger.warning("skipped a record", metadata: ["record": "\(error)"])
                }
            }
            let export = NDLExport(records: records, fold: fold, rule: DisclosureRule(threshold: threshold, roundingBase: roundingBase),
                                   producedAt: Date().formatted(.iso8601))
            let directory = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for (name, contents) in try export.files().sorted(by: { $0.key < $1.key }) {
                try Data(contents.utf8).write(to: directory.appendingPathComponent(name))
                print("wrote \(directory.appendingPathComponent(name).path)")
            }
            let counts = export.metadata.sourceCounts
            print("""
                \(fold.period.label): \(counts.records) records read (\(unreadable) unreadable), \(counts.sourceRecords) current source records, \
                \(counts.merges) merges, \(counts.splits) splits; \(counts.childrenInPeriod) children in the period
                """)
        }

        /// `org_code,la_code` lines; a header line starting `org_code` is skipped.
        static func readLAMap(_ path: String) throws -> [String: String] {
            guard let contents = FileManager.default.contents(atPath: path) else { throw ValidationError("--la-map: cannot read \(path)") }
            var map: [String: String] = [:]
            for (number, line) in String(decoding: contents, as: UTF8.self).split(whereSeparator: \.isNewline).enumerated() {
                let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                if number == 0 && fields.first == "org_code" { continue }
                guard fields.count == 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                    throw ValidationError("--la-map \(path) line \(number + 1): expected org_code,la_code")
                }
                map[fields[0]] = fields[1]
            }
            return map
        }
    }
}
