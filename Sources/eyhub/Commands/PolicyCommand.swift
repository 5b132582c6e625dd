import ArgumentParser
import EarlyYearsSchema
import Foundation
import Sharing

/// `eyhub policy`: the data sharing agreements, checked and explained, without Kafka.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Check and explain the data sharing agreements in policies/.",
        subcommands: [Check.self, Explain.self, Matrix.self])

    struct PolicyOptions: ParsableArguments {
        @Option(help: "The folder of agreements (env EYHUB_POLICIES).")
        var policies = ProcessInfo.processInfo.environment["EYHUB_POLICIES"] ?? "policies"
        @Option(help: "Check validity as of this day (yyyy-MM-dd) instead of today.") var today: String?
        @OptionGroup var schema: MappingCommand.SchemaOption

        var day: String { today ?? String(Date().formatted(.iso8601).prefix(10)) }

        func load() throws -> PolicySet {
            do { return try PolicySet.load(directory: URL(fileURLWithPath: policies), catalog: try schema.catalog(), today: day) } catch let error as PolicyError {
                throw ValidationError(error.description)
            }
        }

        /// The agreements, or every problem on standard error and exit 1.
        func checked() throws -> [Agreement] {
            let set = try load()
            guard set.errors.isEmpty else {
                for error in set.errors { FileHandle.standardError.write(Data("\(error)\n".utf8)) }
                throw ExitCode(1)
            }
            return set.agreements
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every agreement: Art 9 conditions, dates, field paths, topics and contradictions. Exit 0 or 1.")
        @OptionGroup var options: PolicyOptions

        func run() async throws {
            let set = try options.load()
            for error in set.errors { print(error) }
            let recipients = Set(set.agreements.flatMap { $0.recipients.map(\.id) })
            print("\(set.agreements.count) agreement(s), \(recipients.count) recipient(s): \(set.errors.isEmpty ? "ok" : "\(set.errors.count) problem(s)")")
            if !set.errors.isEmpty { throw ExitCode(1) }
        }
    }

    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print what flows to one recipient, and why.")
        @Option(help: "The recipient's id.") var recipient: String
        @Option(help: "Only this event type.") var eventType: String?
        @OptionGroup var options: PolicyOptions

        func run() async throws {
            let agreements = try options.checked()
            var type: EventType?
            if let eventType {
                guard let known = EventType(rawValue: eventType) else { throw ValidationError("\(eventType) is not an event type of the schema") }
                type = known
            }
            guard let text = PolicyReport.explain(recipient: recipient, eventType: type, agreements: agreements, today: options.day) else {
                throw ValidationError("no agreement names a recipient \(recipient)")
            }
            print(text)
        }
    }

    struct Matrix: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the who-sees-what table as Markdown and HTML.")
        @Option(help: "The folder to write who-sees-what.md and who-sees-what.html to.") var out = "."
        @OptionGroup var options: PolicyOptions

        func run() async throws {
            let (markdown, html) = PolicyReport.matrix(agreements: try options.checked(), today: options.day)
            let folder = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(markdown.utf8).write(to: folder.appendingPathComponent("who-sees-what.md"))
            try Data(html.utf8).write(to: folder.appendingPathComponent("who-sees-what.html"))
            print("wrote \(folder.appendingPathComponent("who-sees-what.md").path) and who-sees-what.html")
        }
    }
}
