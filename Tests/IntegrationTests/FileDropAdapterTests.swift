import Adapters
import Foundation
import HubRuntime
import Kafka
import Testing

@Suite("The file-drop adapter against the embedded broker")
struct FileDropAdapterTests {
    @Test("a good file ends in done/ and a bad one in failed/ with its report; events, dead letters and raw copies are all on Kafka")
    func publishesAndMovesFiles() async throws {
        let fixture = try AdapterFixture("drop", transport: "file_drop\nfile_drop:\n  directory: {drop}\n  pattern: \"*.csv\"\n  poll_interval_ms: 100")
        defer { fixture.remove() }
        let good = nurseryExport(prefix: "G", rows: 3, extra: [waitingRow, unknownFundingRow])
        try FileManager.default.createDirectory(at: fixture.drop, withIntermediateDirectories: true)
        try Data(good.utf8).write(to: fixture.drop.appendingPathComponent("01-export.csv"))
        try Data(unparseableCSV.utf8).write(to: fixture.drop.appendingPathComponent("02-broken.csv"))
        try Data("ignored".utf8).write(to: fixture.drop.appendingPathComponent(".03-being-written.csv"))
        try Data("ignored".utf8).write(to: fixture.drop.appendingPathComponent("04-notes.txt"))

        try await fixture.daemon(once: true).run()

        let folder = fixture.drop
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("done/01-export.csv").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("failed/02-broken.csv").path))
        let reportData = try Data(contentsOf: folder.appendingPathComponent("failed/02-broken.csv.error.json"))
        let report = try #require(try JSONSerialization.jsonObject(with: reportData) as? [String: Any])
        #expect((report["rule"] as? String)?.hasPrefix("csv.") == true)
        #expect(report["position"] is String && report["reason"] is String && report["time"] is String)
        #expect(report["adapter"] as? String == fixture.name && report["mapping_version"] as? String == fixture.mappingVersion)
        #expect(!String(decoding: reportData, as: UTF8.self).contains("unterminated,Someone"), "the report holds no content")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [".03-being-written.csv", "04-notes.txt", "done", "failed"],
                "dotfiles and other extensions are left alone")

        let expected = try fixture.expected(good)
        #expect(expected.summary.events == 3 && expected.summary.skipped == 1 && expected.summary.deadLetters == 1)
        let messages = try await readAll([HubTopics.events, HubTopics.raw(adapter: fixture.name), HubTopics.deadLetter(fixture.name)])
        let events = messages.filter { $0.topic == HubTopics.events && $0.header(AdapterHeader.adapter) == fixture.name }
        let expectedEvents = expected.messages.filter { $0.topic == HubTopics.events }
        #expect(events.count == expectedEvents.count, "exactly the expected events: \(events.count)")
        #expect(Set(events.compactMap { $0.header(AdapterHeader.eventID) }) == Set(expected.summary.eventIDs))
        #expect(Set(events.compactMap(\.key)) == Set(expectedEvents.compactMap(\.key)), "keyed by the source subject key")
        for event in events {
            #expect(event.header(AdapterHeader.eventType) == "enrolment" && event.header(AdapterHeader.mappingVersion) == fixture.mappingVersion)
            #expect(event.valueString?.contains("\"event_id\":\"\(event.header(AdapterHeader.eventID) ?? "-")\"") == true)
        }

        let raw = messages.filter { $0.topic == HubTopics.raw(adapter: fixture.name) }
        #expect(Set(raw.compactMap(\.valueString)) == [good, unparseableCSV], "each input copied unchanged")

        let letters = messages.filter { $0.topic == HubTopics.deadLetter(fixture.name) }
        #expect(letters.count == 2)
        let rowLetter = try #require(letters.first { $0.header(AdapterHeader.origin) == "01-export.csv line 6" })
        #expect(rowLetter.valueString == "\(nurseryHeader)\n\(unknownFundingRow)\n", "the header row and the failed row, no other child")
        #expect(rowLetter.header(AdapterHeader.deadLetterValue) == "record")
        #expect(rowLetter.header(DeadLetterHeader.fieldPath) == "payload.funded_hours.type")
        let fileLetter = try #require(letters.first { $0.header(AdapterHeader.origin)?.hasPrefix("02-broken.csv") == true })
        #expect(fileLetter.valueString == unparseableCSV)
        #expect(fileLetter.header(AdapterHeader.deadLetterValue) == "input")
        #expect(fileLetter.header(DeadLetterHeader.rule) == report["rule"] as? String)
        #expect(fileLetter.header(DeadLetterHeader.fieldPath) == report["position"] as? String)
        for letter in letters {
            for name in [DeadLetterHeader.reason, DeadLetterHeader.rule, AdapterHeader.origin, AdapterHeader.mappingID] {
                #expect(letter.header(name)?.isEmpty == false, "\(name) is set")
            }
            #expect(letter.header(AdapterHeader.adapter) == fixture.name && letter.header(AdapterHeader.mappingVersion) == fixture.mappingVersion)
        }
    }

    @Test("publishing the same file again yields the same event ids, and done/ keeps both copies")
    func republishingKeepsEventIDs() async throws {
        let fixture = try AdapterFixture("again", transport: "file_drop\nfile_drop:\n  directory: {drop}")
        defer { fixture.remove() }
        let export = nurseryExport(prefix: "R", rows: 4)
        try FileManager.default.createDirectory(at: fixture.drop, withIntermediateDirectories: true)
        for _ in 0..<2 {
            try Data(export.utf8).write(to: fixture.drop.appendingPathComponent("export.csv"))
            try await fixture.daemon(once: true).run()
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.drop.appendingPathComponent("done").path).sorted() == ["export.csv", "export.csv.1"])
        let events = try await readAll([HubTopics.events]).filter { $0.header(AdapterHeader.adapter) == fixture.name }
        #expect(events.count == 8)
        let ids = events.compactMap { $0.header(AdapterHeader.eventID) }
        #expect(Set(ids) == Set(try fixture.expected(export).summary.eventIDs) && Set(ids).count == 4)
    }

    @Test("with the broker unreachable the file stays in the drop folder and --once reports it")
    func brokerDownKeepsFile() async throws {
        let fixture = try AdapterFixture("down", transport: "file_drop\nfile_drop:\n  directory: {drop}")
        defer { fixture.remove() }
        try FileManager.default.createDirectory(at: fixture.drop, withIntermediateDirectories: true)
        try Data(nurseryExport(prefix: "D", rows: 2).utf8).write(to: fixture.drop.appendingPathComponent("export.csv"))
        let closed = ClientConfiguration.embedded(bootstrapServers: ["127.0.0.1:\(EmbeddedBroker.freePort())"])
        let daemon = try await fixture.daemon(once: true, client: closed, deliveryTimeout: .seconds(2))
        await #expect(throws: FileDropIncomplete.self) { try await daemon.run() }
        #expect(FileManager.default.fileExists(atPath: fixture.drop.appendingPathComponent("export.csv").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.drop.appendingPathComponent("done").path).isEmpty)
    }
}

