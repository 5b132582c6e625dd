import Foundation
import Testing

@Suite("eyhub mapping, as a vendor runs it")
struct MappingCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func path(_ relative: String) -> String { Self.root.appendingPathComponent(relative).path }

    @Test("lint accepts the repository's mappings")
    func lint() async throws {
        let process = try EyhubProcess(["mapping", "lint", path("mappings"), "--schema", path("schemas/early-years-event.v1.schema.json")])
        let result = await process.wait(timeout: .seconds(60))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("0 with problems"))
    }

    @Test("run prints events as JSON Lines, names the failing record, and exits 1 because one failed")
    func run() async throws {
        let process = try EyhubProcess([
            "mapping", "run", path("mappings/nursery-csv-sunny-days.yaml"), path("mappings/examples/nursery-csv-sunny-days.csv"),
            "--schema", path("schemas/early-years-event.v1.schema.json"),
        ])
        let result = await process.wait(timeout: .seconds(60))
        #expect(result.status == 1)
        let events = result.output.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(events.count == 3)
        for line in events {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["event_type"] as? String == "enrolment")
        }
        #expect(result.output.contains("line 6: payload.sen_provision"))
        #expect(result.output.contains("5 records: 3 events, 1 skipped, 1 failed"))
    }

    @Test("an input it cannot parse exits 2 with the parse error's position")
    func unparseable() async throws {
        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString).csv")
        try Data("child_id,status\nC001,\"active\n".utf8).write(to: broken)
        defer { try? FileManager.default.removeItem(at: broken) }
        let process = try EyhubProcess([
            "mapping", "run", path("mappings/nursery-csv-sunny-days.yaml"), broken.path,
            "--schema", path("schemas/early-years-event.v1.schema.json"),
        ])
        let result = await process.wait(timeout: .seconds(60))
        #expect(result.status == 2)
        #expect(result.output.contains("line 2, column 6"))
    }

    /// Every adapter folder in the repository (each holds adapter.yaml).
    static var adapters: [String] {
        let folder = root.appendingPathComponent("adapters")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/adapter.yaml").path) }.sorted()
    }

    @Test("every adapter's fixtures produce exactly their expected outputs", arguments: Self.adapters)
    func adapterFixtures(_ adapter: String) async throws {
        let process = try EyhubProcess(["mapping", "test", path("adapters/\(adapter)"), "--schema", path("schemas/early-years-event.v1.schema.json")])
        let result = await process.wait(timeout: .seconds(120))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains(" 0 failed"))
        #expect(!result.output.contains("FAIL"))
    }

    @Test("test names the fixture and field that differ, and explain names the rule and source path")
    func fixtureDifference() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("adapter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("fixtures/in"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(atPath: path("mappings/examples/nursery-csv-sunny-days.csv"), toPath: folder.appendingPathComponent("fixtures/in/01-roll.csv").path)
        try Data("name: nursery\nmapping: \(path("mappings/nursery-csv-sunny-days.yaml"))\ntransport: file_drop\n".utf8)
            .write(to: folder.appendingPathComponent("adapter.yaml"))
        let schema = ["--schema", path("schemas/early-years-event.v1.schema.json")]

        let missing = await (try EyhubProcess(["mapping", "test", folder.path] + schema)).wait(timeout: .seconds(60))
        #expect(missing.status == 1)
        #expect(missing.output.contains("FAIL  01-roll.csv: no expected file"))

        let recorded = await (try EyhubProcess(["mapping", "test", folder.path, "--record"] + schema)).wait(timeout: .seconds(60))
        #expect(recorded.status == 0, "\(recorded.output)")
        let expected = folder.appendingPathComponent("fixtures/expected/01-roll.jsonl")
        let text = try String(contentsOf: expected, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 5)
        try Data(text.replacingOccurrences(of: "\"family_name\":\"Davies\"", with: "\"family_name\":\"Davis\"").utf8).write(to: expected)

        let changed = await (try EyhubProcess(["mapping", "test", folder.path, "--explain"] + schema)).wait(timeout: .seconds(60))
        #expect(changed.status == 1)
        #expect(changed.output.contains("FAIL  01-roll.csv: 1 difference(s)"))
        #expect(changed.output.contains(#"outcome 1 subject.family_name: expected "Davis", got "Davies""#))
        #expect(changed.output.contains("subject.family_name: path child_name | name family"))
        #expect(changed.output.contains("1 fixture(s), 5 outcome(s), 1 failed"))
    }
}
