import Identity
import EarlyYearsSchema
import Foundation
@testable import Sharing
import Testing

@Suite("Reading canonical events")
struct CanonicalEventReaderTests {
    /// Every event the adapters' fixtures expect, as the resolver passes them on.
    static func fixtureEvents() throws -> [[UInt8]] {
        let adapters = SharingFixtures.repository.appendingPathComponent("adapters")
        var lines: [[UInt8]] = []
        for adapter in try FileManager.default.contentsOfDirectory(atPath: adapters.path).sorted() {
            let expected = adapters.appendingPathComponent(adapter).appendingPathComponent("fixtures/expected")
            for file in (try? FileManager.default.contentsOfDirectory(atPath: expected.path))?.sorted() ?? [] where file.hasSuffix(".jsonl") {
                let text = try String(contentsOf: expected.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") where line.contains("\"event_id\"") && line.contains("\"payload\"") {
                    lines.append(Array(line.utf8))
                }
            }
        }
        return lines
    }

    @Test("every fixture event reads as JSONDecoder reads it, with a tree that writes the event's canonical JSON")
    func sameAsJSONDecoder() throws {
        let events = try Self.fixtureEvents()
        #expect(events.count > 100)
        var compared = 0
        for bytes in events {
            guard let expected = try? JSONDecoder().decode(EarlyYearsEvent.self, from: Data(bytes)) else { continue }
            let (event, tree) = try CanonicalEventReader.read(bytes)
            #expect(event == expected)
            // A whole number may be an integer in one tree and a double in the other; the bytes a
            // recipient receives are what must agree.
            #expect(try tree.json(style: .encoder) == expected.canonicalJSON())
            compared += 1
        }
        #expect(compared > 100)
    }

    @Test("what JSONDecoder refuses, the reader refuses, naming the same member")
    func refusals() throws {
        let bytes = try #require(try Self.fixtureEvents().first)
        var object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        object["surprise"] = 1
        let extra = Array(try JSONSerialization.data(withJSONObject: object))
        #expect(throws: (any Error).self) { try JSONDecoder().decode(EarlyYearsEvent.self, from: Data(extra)) }
        #expect(throws: CanonicalEventReader.Unreadable.self) { try CanonicalEventReader.read(extra) }
        object["surprise"] = nil
        object["action"] = "archive"
        do {
            _ = try CanonicalEventReader.read(Array(try JSONSerialization.data(withJSONObject: object)))
            Issue.record("an unknown action was read")
        } catch {
            #expect((error as? CanonicalEventReader.Unreadable)?.fieldPath == "action")
        }
        #expect(throws: CanonicalEventReader.Unreadable.self) { try CanonicalEventReader.read(Array("{\"event_id\": ".utf8)) }
    }
}
