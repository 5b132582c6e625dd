import EarlyYearsSchema
import Foundation
import HubRuntime
import Kafka
import Mapping

/// The adapter's pure transformation: one input document in, every record it must produce out
/// (a raw copy, canonical events and dead letters), with a count of each outcome. No I/O.
///
/// Every transport runs its inputs through this one type, so a file, a request body and a raw
/// record become exactly the same records.
public struct DocumentMapper: Sendable {
    public let adapter: String
    public let engine: MappingEngine
    /// Whether the unchanged input is also produced to the adapter's raw topic.
    public let rawCopy: Bool
    public let topics: Topics

    /// Where the records go.
    public struct Topics: Sendable, Hashable {
        public var events = HubTopics.events
        public var intake = HubTopics.intake
        public var raw: String
        public var deadLetter: String

        public init(adapter: String) {
            raw = HubTopics.raw(adapter: adapter)
            deadLetter = HubTopics.deadLetter(adapter)
        }
    }

    public init(adapter: String, engine: MappingEngine, rawCopy: Bool) {
        self.adapter = adapter
        self.engine = engine
        self.rawCopy = rawCopy
        self.topics = Topics(adapter: adapter)
    }

    /// Where an input came from.
    public struct Origin: Sendable, Hashable {
        /// A file name, a request id or `topic[partition]@offset`: recorded in each event's
        /// provenance and in the `eyh.origin` header. Never contents.
        public var name: String
        /// Headers added to every dead letter, such as a raw record's topic, partition and offset.
        public var deadLetterHeaders: [KafkaHeader]

        public init(name: String, deadLetterHeaders: [KafkaHeader] = []) {
            self.name = name
            self.deadLetterHeaders = deadLetterHeaders
        }
    }

    /// Maps a document that was read whole. A document that cannot be parsed becomes one dead letter.
    public func map(_ bytes: [UInt8], origin: Origin, at date: Date = Date()) -> MappedDocument {
        let results: [MappingEngine.RecordResult]
        do {
            results = try engine.run(bytes, input: origin.name, recordedAt: date.formatted(.iso8601))
        } catch {
            return reject(bytes, failure: DocumentFailure(error), origin: origin, at: date)
        }
        var document = MappedDocument()
        if rawCopy { document.messages.append(rawCopy(of: bytes, origin: origin)) }
        for result in results {
            document.summary.records += 1
            switch result.outcome {
            case .skipped:
                document.summary.skipped += 1
            case .failed(let error):
                let failure = RecordFailure(rule: error.rule, reason: error.reason, fieldPath: error.field)
                document.messages.append(deadLetter(of: result, in: bytes, failure: failure, origin: origin, at: date))
                document.summary.deadLetters += 1
            case .events(let events):
                for mapped in events {
                    do {
                        document.messages.append(try eventMessage(mapped))
                        document.summary.eventIDs.append(mapped.event.eventID)
                    } catch {
                        let failure = RecordFailure(rule: "event.encode", reason: "the event could not be encoded as JSON", fieldPath: nil)
                        document.messages.append(deadLetter(of: result, in: bytes, failure: failure, origin: origin, at: date))
                        document.summary.deadLetters += 1
                    }
                }
            }
        }
        document.messages.append(receipt(for: document, origin: origin, at: date))
        return document
    }

    /// The one dead letter for an input rejected as a whole; `bytes` is `nil` when it could not
    /// be read or was too large to hold.
    public func reject(_ bytes: [UInt8]?, failure: DocumentFailure, origin: Origin, at date: Date = Date()) -> MappedDocument {
        var document = MappedDocument()
        document.failure = failure
        if rawCopy, let bytes { document.messages.append(rawCopy(of: bytes, origin: origin)) }
        let place = failure.position.map { "\(origin.name) \($0)" } ?? origin.name
        document.messages.append(deadLetter(bytes, failure: failure, place: place, origin: origin, at: date))
        document.summary.deadLetters = 1
        document.messages.append(receipt(for: document, origin: origin, at: date))
        return document
    }

    /// The input's receipt on `eyh.intake.v1`; if it cannot be encoded, the input is not lost:
    /// its events and dead letters still go, and the gap shows as a missing receipt.
    private func receipt(for document: MappedDocument, origin: Origin, at date: Date) -> ProducerMessage {
        let receipt = IntakeReceipt(
            adapter: adapter, origin: origin.name, mappingID: engine.definition.id, mappingVersion: engine.definition.version,
            summary: document.summary, rejectedBy: document.failure?.rule, at: date)
        return (try? receipt.message(headers: mappingHeaders))
            ?? ProducerMessage(topic: topics.intake, key: Array(adapter.utf8), value: nil, headers: mappingHeaders)
    }

    private var mappingHeaders: [KafkaHeader] {
        [
            KafkaHeader(name: AdapterHeader.adapter, string: adapter),
            KafkaHeader(name: AdapterHeader.mappingID, string: engine.definition.id),
            KafkaHeader(name: AdapterHeader.mappingVersion, string: engine.definition.version),
        ]
    }

    /// The event's canonical JSON is the bytes ``EarlyYearsEvent/encoder()`` writes, made from the
    /// tree the engine already has instead of encoding the event again.
    private func eventMessage(_ mapped: MappingEngine.MappedEvent) throws -> ProducerMessage {
        let event = mapped.event
        return ProducerMessage(
            topic: topics.events, key: Array(SourceSubjectKey.derive(for: event).utf8), value: try mapped.canonicalJSON(),
            headers: [
                KafkaHeader(name: AdapterHeader.eventType, string: event.eventType.rawValue),
                KafkaHeader(name: AdapterHeader.eventID, string: event.eventID),
            ] + mappingHeaders)
    }

    /// Raw copies are keyed by the adapter's name, so they stay in arrival order for a replay.
    private func rawCopy(of bytes: [UInt8], origin: Origin) -> ProducerMessage {
        ProducerMessage(
            topic: topics.raw, key: Array(adapter.utf8), value: bytes,
            headers: [KafkaHeader(name: AdapterHeader.origin, string: origin.name)] + mappingHeaders)
    }

    /// A failed record's dead letter holds that record alone where the engine found its bytes (a
    /// CSV row after the header row; one record of a JSON or XML document, with the document
    /// around it but no other record), so that it carries no other child's data and can be
    /// mapped again on its own; otherwise the whole input. `eyh.origin` says which record failed.
    private func deadLetter(of result: MappingEngine.RecordResult, in bytes: [UInt8], failure: some StageFailure, origin: Origin, at date: Date) -> ProducerMessage {
        guard let recordBytes = result.bytes else { return deadLetter(bytes, failure: failure, place: result.origin, origin: origin, at: date) }
        return deadLetter(recordBytes.document(in: bytes), holdingRecord: true, failure: failure, place: result.origin, origin: origin, at: date)
    }

    /// A dead letter holding `bytes` unchanged: the whole input unless `holdingRecord`.
    private func deadLetter(_ bytes: [UInt8]?, holdingRecord: Bool = false, failure: some StageFailure, place: String, origin: Origin, at date: Date) -> ProducerMessage {
        ProducerMessage(
            topic: topics.deadLetter, key: nil, value: bytes,
            headers: [
                KafkaHeader(name: AdapterHeader.deadLetterValue, string: holdingRecord ? "record" : "input"),
                KafkaHeader(name: DeadLetterHeader.reason, string: failure.reason),
                KafkaHeader(name: DeadLetterHeader.rule, string: failure.rule),
                KafkaHeader(name: DeadLetterHeader.fieldPath, string: failure.fieldPath ?? ""),
                KafkaHeader(name: DeadLetterHeader.stage, string: "adapter"),
                KafkaHeader(name: DeadLetterHeader.failedAt, string: date.formatted(.iso8601)),
                KafkaHeader(name: AdapterHeader.origin, string: place),
            ] + mappingHeaders + origin.deadLetterHeaders)
    }

    /// One record that failed a mapping rule.
    private struct RecordFailure: StageFailure {
        var rule: String
        var reason: String
        var fieldPath: String?
    }
}

/// What one input document became.
public struct MappedDocument: Sendable {
    /// In input order: the raw copy first (when enabled), then each record's events or dead letter.
    public var messages: [ProducerMessage] = []
    public var summary = DocumentSummary()
    /// Set when the document was rejected as a whole (unparseable, too large or unreadable).
    public var failure: DocumentFailure?
}

/// The count of every outcome of one document: nothing is dropped without being counted.
public struct DocumentSummary: Sendable, Hashable, Codable {
    /// Records found in the document (0 when it was rejected whole).
    public var records = 0
    public var skipped = 0
    public var deadLetters = 0
    /// The ids of the events produced, in order.
    public var eventIDs: [String] = []

    public var events: Int { eventIDs.count }

    public init() {}
}
