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
}
