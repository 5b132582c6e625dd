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
}
