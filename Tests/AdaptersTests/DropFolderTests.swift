@testable import Adapters
import Foundation
import Testing

@Suite("The drop folder")
struct DropFolderTests {
    let folder = DropFolder(
        directory: FileManager.default.temporaryDirectory.appendingPathComponent("eyhub-drop-\(UUID().uuidString)"), pattern: "*.csv")

    func write(_ name: String, _ text: String = "x") throws {
        try Data(text.utf8).write(to: folder.directory.appendingPathComponent(name))
    }

    @Test("lists matching files in name order, never dotfiles, folders or other extensions")
    func listing() throws {
        try folder.prepare()
        for name in ["b.csv", "a.csv", ".c.csv", "d.txt", "e.csv.tmp"] { try write(name) }
        try FileManager.default.createDirectory(at: folder.directory.appendingPathComponent("z.csv"), withIntermediateDirectories: true)
        #expect(try folder.waitingFiles() == ["a.csv", "b.csv"])
    }

    @Test("moves never overwrite: a second file of the same name gets a suffix")
    func collisions() throws {
        try folder.prepare()
        try write("a.csv", "first")
        #expect(try folder.moveToDone("a.csv") == "a.csv")
        try write("a.csv", "second")
        #expect(try folder.moveToDone("a.csv") == "a.csv.1")
        #expect(try String(contentsOf: folder.done.appendingPathComponent("a.csv"), encoding: .utf8) == "first")
        #expect(try String(contentsOf: folder.done.appendingPathComponent("a.csv.1"), encoding: .utf8) == "second")
        #expect(try folder.waitingFiles().isEmpty)
    }

    @Test("a rejected file moves to failed/ beside its report")
    func failed() throws {
        try folder.prepare()
        try write("bad.csv")
        let report = FailureReport(rule: "csv.unterminated-quote", reason: "r", position: "line 2, column 6", adapter: "a",
                                   mappingID: "m", mappingVersion: "1", time: "2026-01-01T00:00:00Z", file: "bad.csv")
        let moved = try folder.moveToFailed("bad.csv", report: report)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.failed.appendingPathComponent(moved + ".error.json"))) as? [String: Any]
        #expect(json?["rule"] as? String == "csv.unterminated-quote" && json?["mapping_version"] as? String == "1")
        #expect(FileManager.default.fileExists(atPath: folder.failed.appendingPathComponent(moved).path))
    }

    @Test("a file over the limit is refused without being read")
    func sizeLimit() throws {
        try folder.prepare()
        try write("big.csv", String(repeating: "x", count: 100))
        #expect(folder.read("big.csv", limit: 10) == .failure(.tooLarge(limit: 10)))
        #expect(folder.read("missing.csv", limit: 10) == .failure(.unreadable))
        #expect(folder.read("big.csv", limit: 100) == .success(Array(repeating: UInt8(ascii: "x"), count: 100)))
    }
}
