import ArgumentParser
import Audit
import Foundation
import HubRuntime
import Identity
import Kafka
import Logging

/// `eyhub audit report`: a plain-English report for a parent of everything shared about their child.
/// (Registered by the `audit` command group.)
struct AuditReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write report.html and report.txt for a parent: everything shared about their child, with whom, when, why and under which law.",
        discussion: """
        Finds the child through the crosswalk (eyh.identity.v1, merges followed) by the identifier given, and reads the \
        disclosure log eyh.audit.v1. The report shows no identifier but the one given, masked but for its last three characters.
        """)

    @Option(help: "The child's NHS number.") var nhsNumber: String?
    @Option(help: "The child's unique pupil number.") var upn: String?
    @Option(help: "The council's child id as LA code and id, such as 201:LA-000123.") var laChildID: String?
    @Option(help: "The directory to write report.html and report.txt to (created if needed).") var out: String
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var logging: LoggingOptions

    var identifier: (lookup: ChildLookup.Identifier, given: ParentReport.GivenIdentifier)? {
        if let nhsNumber {
            let digits = nhsNumber.filter { !$0.isWhitespace }
            return (.nhsNumber(digits), .init(kind: "NHS number", value: digits))
        }
        if let upn { return (.upn(upn.uppercased()), .init(kind: "unique pupil number", value: upn.uppercased())) }
        if let laChildID, let colon = laChildID.firstIndex(of: ":") {
            let id = String(laChildID[laChildID.index(after: colon)...])
            return (.laChildID(laCode: String(laChildID[..<colon]), id: id), .init(kind: "council child reference", value: id))
        }
        return nil
    }

    func validate() throws {
        guard [nhsNumber, upn, laChildID].compactMap({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --nhs-number, --upn or --la-child-id")
        }
        guard identifier != nil else { throw ValidationError("--la-child-id expects LA code and id as LA:ID") }
    }

    func run() async throws {
        let logger = logging.bootstrap()
        let client = try connection.clientConfiguration(clientID: "eyhub-audit-report")
        let (lookup, given) = identifier!
        var latest: [String: CrosswalkRecord] = [:]
        for message in try await TopicSnapshot.read(HubTopics.identity, client: client, logger: logger) {
            guard let key = message.keyString else { continue }
            latest[key] = try message.value.map { try CrosswalkRecord(json: $0) }
        }
        let children = ChildLookup.childKeys(for: lookup, in: CrosswalkState(latest.values))
        guard !children.isEmpty else {
            FileHandle.standardError.write(Data("error: no child with that \(given.kind) (\(given.masked)) is in the crosswalk; check the number\n".utf8))
            throw ExitCode(1)
        }
        var entries: [AuditEntry] = []
        for message in try await TopicSnapshot.read(HubTopics.audit, client: client, logger: logger) {
            guard let value = message.value else { continue }
            let entry = try AuditEntry(leafBytes: value)
            if children.contains(entry.childKey) { entries.append(entry) }
        }
        let report = ParentReport(identifier: given, entries: entries, producedAt: Date().formatted(.iso8601))
        let directory = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(report.html.utf8).write(to: directory.appendingPathComponent("report.html"))
        try Data(report.text.utf8).write(to: directory.appendingPathComponent("report.txt"))
        print("wrote report.html and report.txt to \(directory.path): \(entries.count) item(s) for \(given.kind) \(given.masked)")
    }
}
