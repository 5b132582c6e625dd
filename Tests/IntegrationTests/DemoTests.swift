import Foundation
import Testing

@Suite("eyhub demo, the README's first command")
struct DemoTests {
    @Test("every adapter is fed its fixtures through its own transport, and what Kafka holds is what the fixtures expect")
    func demo() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("eyhub-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let root = AdapterFixture.repository
        let process = try EyhubProcess([
            "demo", "--bootstrap-servers", try await TestBroker.broker().bootstrapServers,
            "--adapters", root.appendingPathComponent("adapters").path, "--work-directory", work.path,
            "--schema", AdapterFixture.schema.path,
        ])
        let result = await process.wait(timeout: .seconds(240))
        #expect(result.status == 0, "\(result.output.suffix(3000))")
        #expect(result.output.contains("round-trip ok"))
        #expect(result.output.contains("adapters ok"))
        let names = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("adapters").path)
            .filter { FileManager.default.fileExists(atPath: root.appendingPathComponent("adapters/\($0)/adapter.yaml").path) }
        #expect(names.count >= 7)
        for name in names {
            let row = result.output.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(name + " ") }
            #expect(row?.hasSuffix("as the fixtures expect") == true, "\(name): \(row ?? "no summary row")")
        }
        for transport in ["file_drop", "webhook", "raw_topic"] {
            #expect(result.output.contains(" \(transport) "), "no adapter ran over \(transport)")
        }
        // The drop folders hold nothing unprocessed: every file went to done/ or failed/.
        for folder in try FileManager.default.contentsOfDirectory(atPath: work.path) {
            let drop = work.appendingPathComponent("\(folder)/drop")
            let left = try FileManager.default.contentsOfDirectory(atPath: drop.path).filter { !["done", "failed"].contains($0) }
            #expect(left.isEmpty, "\(folder) left \(left)")
        }
    }

    @Test("the demo exits 1 and says what it expected when Kafka holds something else than the fixtures expect")
    func mismatch() async throws {
        let root = AdapterFixture.repository
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eyhub-demo-mismatch-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let name = "demo-mismatch-\(UUID().uuidString.prefix(6).lowercased())"
        let adapter = folder.appendingPathComponent("adapters/\(name)")
        try FileManager.default.createDirectory(at: adapter.appendingPathComponent("fixtures/in"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: adapter.appendingPathComponent("fixtures/expected"), withIntermediateDirectories: true)
        try Data("name: \(name)\nmapping: \(root.appendingPathComponent("mappings/nursery-csv-sunny-days.yaml").path)\ntransport: file_drop\n".utf8)
            .write(to: adapter.appendingPathComponent("adapter.yaml"))
        try FileManager.default.copyItem(
            at: root.appendingPathComponent("adapters/nursery-csv/fixtures/in/01-sample-export.csv"),
            to: adapter.appendingPathComponent("fixtures/in/01-sample-export.csv"))
        // The expected file claims one event fewer than the mapping makes.
        let expected = try String(contentsOf: root.appendingPathComponent("adapters/nursery-csv/fixtures/expected/01-sample-export.jsonl"), encoding: .utf8)
        try Data(expected.split(separator: "\n").dropFirst().map { $0 + "\n" }.joined().utf8)
            .write(to: adapter.appendingPathComponent("fixtures/expected/01-sample-export.jsonl"))

        let process = try EyhubProcess([
            "demo", "--bootstrap-servers", try await TestBroker.broker().bootstrapServers,
            "--adapters", folder.appendingPathComponent("adapters").path, "--work-directory", folder.appendingPathComponent("work").path,
            "--schema", AdapterFixture.schema.path,
        ])
        let result = await process.wait(timeout: .seconds(120))
        #expect(result.status == 1, "\(result.output.suffix(2000))")
        #expect(result.output.contains("\(name)"))
        #expect(result.output.contains("EXPECTED 2 events, 1 skipped, 1 dead letters"))
        #expect(result.output.contains("adapters FAILED"))
    }
}
