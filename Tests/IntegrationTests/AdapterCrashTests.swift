import Adapters
import Foundation
import HubRuntime
import Kafka
import Testing

@Suite("The file-drop adapter daemon in a real process, killed with SIGKILL")
struct AdapterCrashTests {
    @Test("after SIGKILL mid-way and a restart with --once, every file is in done/ and no event id is missing")
    func nothingLostAcrossKill() async throws {
        let fixture = try AdapterFixture("crash", transport: "file_drop\nfile_drop:\n  directory: {drop}\n  pattern: \"*.csv\"\n  poll_interval_ms: 100")
        defer { fixture.remove() }
        try FileManager.default.createDirectory(at: fixture.drop, withIntermediateDirectories: true)
        let files = (0..<30).map { (name: String(format: "export-%02d.csv", $0), text: nurseryExport(prefix: "K\($0)", rows: 40)) }
        for file in files { try Data(file.text.utf8).write(to: fixture.drop.appendingPathComponent(file.name)) }
        var expectedIDs = Set<String>()
        for file in files { expectedIDs.formUnion(try fixture.expected(file.text).summary.eventIDs) }
        #expect(expectedIDs.count == 30 * 40)

        let arguments = [
            "adapter", "run", fixture.directory.path, "--bootstrap-servers", try await TestBroker.broker().bootstrapServers,
            "--schema", AdapterFixture.schema.path, "--log-level", "notice",
        ]
        let first = try EyhubProcess(arguments)
        let started = await first.waitForOutput(containing: "moved_to=done/export-03.csv", timeout: .seconds(120))
        first.signal(SIGKILL)
        let killed = await first.wait(timeout: .seconds(10))
        #expect(started, "the first run should publish a few files: \(first.printedSoFar.suffix(500))")
        #expect(killed.status == -SIGKILL)
        let done = fixture.drop.appendingPathComponent("done")
        let doneAtKill = try FileManager.default.contentsOfDirectory(atPath: done.path).count
        #expect(doneAtKill < files.count, "the kill should land before the last file (\(doneAtKill) done)")

        let second = try EyhubProcess(arguments + ["--once"])
        let finished = await second.wait(timeout: .seconds(300))
        #expect(finished.status == 0, "the restart with --once publishes the rest and exits 0: \(finished.output.suffix(500))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: done.path).sorted() == files.map(\.name))
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.drop.path).sorted() == ["done", "failed"])

        let events = try await readAll([HubTopics.events], quietPeriod: .seconds(5)).filter { $0.header(AdapterHeader.adapter) == fixture.name }
        let seen = Set(events.compactMap { $0.header(AdapterHeader.eventID) })
        #expect(seen == expectedIDs, "missing \(expectedIDs.subtracting(seen).count), unexpected \(seen.subtracting(expectedIDs).count)")
        #expect(events.count >= expectedIDs.count, "duplicates are allowed, losses are not")
    }
}

@Suite("The adapter daemon's shutdown")
struct AdapterShutdownTests {
    @Test("SIGTERM while watching a drop folder stops the daemon with status 0")
    func sigtermExitsCleanly() async throws {
        let fixture = try AdapterFixture("term", transport: "file_drop\nfile_drop:\n  directory: {drop}\n  poll_interval_ms: 100")
        defer { fixture.remove() }
        let process = try EyhubProcess([
            "adapter", "run", fixture.directory.path, "--bootstrap-servers", try await TestBroker.broker().bootstrapServers,
            "--schema", AdapterFixture.schema.path, "--log-level", "notice",
        ])
        let watching = await process.waitForOutput(containing: "watching drop folder")
        try Data(nurseryExport(prefix: "S", rows: 5).utf8).write(to: fixture.drop.appendingPathComponent("export.csv"))
        let published = await process.waitForOutput(containing: "moved_to=done/export.csv")
        process.signal(SIGTERM)
        let stopped = await process.wait(timeout: .seconds(30))
        #expect(watching && published, "\(process.printedSoFar.suffix(500))")
        #expect(stopped.status == 0, "\(stopped.output.suffix(500))")
        #expect(stopped.output.contains("adapter \(fixture.name) stopped"))
    }
}
