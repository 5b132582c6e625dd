@testable import Adapters
import EarlyYearsSchema
import Foundation
import HubRuntime
import Kafka
import Testing

@Suite("Mapping one input document to the records an adapter produces")
struct DocumentMapperTests {
    let mapper: DocumentMapper

    init() throws {
        mapper = DocumentMapper(adapter: "nursery-test", engine: try Fixtures.engine(), rawCopy: true)
    }

    @Test("a raw copy, one event per mapped row keyed by the source subject key, a counted skip and a dead letter")
    func outcomes() throws {
        let bytes = Array(Fixtures.export.utf8)
        let document = mapper.map(bytes, origin: .init(name: "export.csv"))
        #expect(document.failure == nil)
        #expect(document.summary.records == 4 && document.summary.events == 2 && document.summary.skipped == 1 && document.summary.deadLetters == 1)

        let raw = try #require(document.messages.first)
        #expect(raw.topic == "eyh.raw.nursery-test.v1" && raw.value == bytes)

        let events = document.messages.filter { $0.topic == HubTopics.events }
        #expect(events.count == 2)
        for message in events {
            let event = try JSONDecoder().decode(EarlyYearsEvent.self, from: Data(message.value ?? []))
            #expect(message.key == Array(SourceSubjectKey.derive(for: event).utf8))
            #expect(message.headers.string(named: AdapterHeader.eventID) == event.eventID)
            #expect(message.headers.string(named: AdapterHeader.eventType) == "enrolment")
            #expect(message.headers.string(named: AdapterHeader.adapter) == "nursery-test")
            #expect(message.headers.string(named: AdapterHeader.mappingVersion) == mapper.engine.definition.version)
        }
        #expect(events.compactMap { $0.headers.string(named: AdapterHeader.eventID) } == document.summary.eventIDs)

        // The dead letter holds the header row and the failed row, byte for byte, and no other child.
        let letter = try #require(document.messages.last { $0.topic == "eyh.dlq.nursery-test.v1" })
        let lines = Fixtures.export.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(letter.value == Array("\(lines[0])\n\(lines[4])\n".utf8))
        #expect(letter.headers.string(named: AdapterHeader.deadLetterValue) == "record")
        #expect(letter.headers.string(named: AdapterHeader.origin) == "export.csv line 5")
        #expect(letter.headers.string(named: DeadLetterHeader.rule)?.hasPrefix("lookup") == true)
        #expect(letter.headers.string(named: DeadLetterHeader.fieldPath) == "payload.funded_hours.type")
        #expect(letter.headers.string(named: AdapterHeader.mappingID) == "nursery-csv-sunny-days")

        // The receipt comes last and accounts for every record.
        let receiptMessage = try #require(document.messages.last)
        #expect(receiptMessage.topic == HubTopics.intake && receiptMessage.key == Array("nursery-test".utf8))
        let receipt = try JSONDecoder().decode(IntakeReceipt.self, from: Data(receiptMessage.value ?? []))
        #expect(receipt.origin == "export.csv" && receipt.records == 4 && receipt.events == 2 && receipt.skipped == 1 && receipt.deadLetters == 1)
        #expect(receipt.eventIDs == document.summary.eventIDs && receipt.rejectedBy == nil)
        #expect(receipt.mappingVersion == mapper.engine.definition.version)
    }

    @Test("a failed row's dead letter maps again on its own to the same failure; a BOM, CRLF and a quoted line break come with it")
    func deadLetterIsTheRowAlone() throws {
        let header = "\u{FEFF}child_id,nhs_number,child_name,Child DOB,postcode,status,start,leaving,funding,hours,eypp,daf,sen,updated\r\n"
        let good = "C001,943 476 5919,Siân Davies,30/01/2023,ls1 4ap,active,04/09/2025,,15 universal,15,Y,N,SEN support,01/09/2025 09:30\r\n"
        let bad = "C005,,\"Tom\r\nGreen\",2023-06-01,LS2 9JT,active,04/09/2025,,45 premium,45,N,N,none,01/09/2025 11:00\r\n"
        let bytes = Array((header + good + "\r\n" + bad + good).utf8)
        let document = mapper.map(bytes, origin: .init(name: "export.csv"))
        let letter = try #require(document.messages.first { $0.topic == "eyh.dlq.nursery-test.v1" })
        #expect(letter.value == Array((header + bad).utf8))
        #expect(letter.headers.string(named: AdapterHeader.origin) == "export.csv line 4")

        let again = mapper.map(try #require(letter.value), origin: .init(name: "replay.csv"))
        let replayed = try #require(again.messages.first { $0.topic == "eyh.dlq.nursery-test.v1" })
        #expect(again.summary.records == 1 && again.summary.deadLetters == 1)
        #expect(replayed.value == letter.value)
        #expect(replayed.headers.string(named: DeadLetterHeader.rule) == letter.headers.string(named: DeadLetterHeader.rule))
        #expect(replayed.headers.string(named: DeadLetterHeader.fieldPath) == letter.headers.string(named: DeadLetterHeader.fieldPath))
    }

    @Test("a failed child of a census return is dead-lettered alone with the return's header, and maps again to the same failure")
    func deadLetterIsTheChildAlone() throws {
        let census = DocumentMapper(adapter: "council-test", engine: try Fixtures.engine(adapter: "council-test", mapping: "council-cin-xml.yaml"), rawCopy: false)
        let bytes = try [UInt8](Data(contentsOf: Fixtures.root.appendingPathComponent("adapters/council-cin-xml/fixtures/in/11-bad-dates.xml")))
        let document = census.map(bytes, origin: .init(name: "return.xml"))
        #expect(document.summary.records == 2 && document.summary.deadLetters == 1 && document.summary.events > 0)
        let letter = try #require(document.messages.first { $0.topic == "eyh.dlq.council-test.v1" })
        #expect(letter.headers.string(named: AdapterHeader.deadLetterValue) == "record")
        let value = try #require(letter.value)
        #expect(value.count < bytes.count)
        // The other child's record is not in it; the header (the LA) is.
        let text = String(decoding: bytes, as: UTF8.self)
        let children = text.components(separatedBy: "<Child>").dropFirst().map { "<Child>" + $0.components(separatedBy: "</Child>")[0] + "</Child>" }
        #expect(children.count == 2)
        let kept = children.filter { String(decoding: value, as: UTF8.self).contains($0) }
        #expect(kept.count == 1)
        #expect(String(decoding: value, as: UTF8.self).contains("<Header>"))

        let again = census.map(value, origin: .init(name: "replay.xml"))
        #expect(again.summary.records == 1 && again.summary.deadLetters == 1 && again.summary.events == 0)
        let replayed = try #require(again.messages.first { $0.topic == "eyh.dlq.council-test.v1" })
        #expect(replayed.value == value)
        for header in [DeadLetterHeader.rule, DeadLetterHeader.fieldPath, DeadLetterHeader.reason] {
            #expect(replayed.headers.string(named: header) == letter.headers.string(named: header))
        }
    }

    @Test("headers and keys carry no personal data from the input")
    func nothingPersonalOutsideValues() {
        let document = mapper.map(Array(Fixtures.export.utf8), origin: .init(name: "export.csv"))
        let outside = document.messages.flatMap { message in
            [String(decoding: message.key ?? [], as: UTF8.self)] + message.headers.compactMap(\.stringValue)
        }.joined(separator: "\n")
        for personal in ["9434765919", "943 476 5919", "Davies", "Siân", "C001", "LS1", "2023-01-30"] {
            #expect(!outside.contains(personal), "\(personal) appears in a key or header")
        }
    }

    @Test("the same input maps to the same event ids, whenever and wherever it arrives")
    func deterministicEventIDs() {
        let first = mapper.map(Array(Fixtures.export.utf8), origin: .init(name: "a.csv"), at: Date(timeIntervalSince1970: 0))
        let second = mapper.map(Array(Fixtures.export.utf8), origin: .init(name: "b.csv"), at: Date())
        #expect(first.summary.eventIDs == second.summary.eventIDs && first.summary.eventIDs.count == 2)
        #expect(first.messages.filter { $0.topic == HubTopics.events }.map(\.key) == second.messages.filter { $0.topic == HubTopics.events }.map(\.key))
    }

    @Test("an unparseable document becomes one dead letter with the parser's rule and position")
    func unparseable() throws {
        let bytes = Array(Fixtures.unparseable.utf8)
        let document = mapper.map(bytes, origin: .init(name: "broken.csv", deadLetterHeaders: [KafkaHeader(name: "x-extra", string: "1")]))
        let failure = try #require(document.failure)
        #expect(failure.rule.hasPrefix("csv."))
        #expect(document.summary == { var summary = DocumentSummary(); summary.deadLetters = 1; return summary }())
        #expect(document.messages.map(\.topic) == ["eyh.raw.nursery-test.v1", "eyh.dlq.nursery-test.v1", HubTopics.intake])
        let receipt = try JSONDecoder().decode(IntakeReceipt.self, from: Data(document.messages[2].value ?? []))
        #expect(receipt.records == 0 && receipt.deadLetters == 1 && receipt.rejectedBy == failure.rule)
        let letter = document.messages[1]
        #expect(letter.value == bytes)
        #expect(letter.headers.string(named: AdapterHeader.deadLetterValue) == "input")
        #expect(letter.headers.string(named: DeadLetterHeader.rule) == failure.rule)
        #expect(letter.headers.string(named: DeadLetterHeader.fieldPath) == failure.position)
        #expect(letter.headers.string(named: AdapterHeader.origin)?.hasPrefix("broken.csv") == true)
        #expect(letter.headers.string(named: "x-extra") == "1")
    }

    @Test("without raw_copy nothing goes to the raw topic")
    func noRawCopy() throws {
        let mapper = DocumentMapper(adapter: "nursery-test", engine: try Fixtures.engine(), rawCopy: false)
        let document = mapper.map(Array(Fixtures.export.utf8), origin: .init(name: "export.csv"))
        #expect(!document.messages.contains { $0.topic == "eyh.raw.nursery-test.v1" })
    }
}
