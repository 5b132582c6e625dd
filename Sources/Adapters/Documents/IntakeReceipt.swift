import Foundation
import HubRuntime
import Kafka

/// What became of one input (a file, a request body, a raw record): one record on
/// `eyh.intake.v1`, published with the input's own events and dead letters (in the same batch, or
/// the same transaction for a raw topic), so that every input can be reconciled from Kafka alone:
/// `records = events' records + skipped + dead letters`, and a skip is counted somewhere durable.
///
/// It holds no personal data: names, counts, rule ids and event ids only.
public struct IntakeReceipt: Sendable, Hashable, Codable {
    public var adapter: String
    /// The file name, `request <id>` or `topic[partition]@offset`.
    public var origin: String
    public var mappingID: String
    public var mappingVersion: String
    /// Records found in the input (0 when it was rejected whole).
    public var records: Int
    public var events: Int
    public var skipped: Int
    public var deadLetters: Int
    /// The rule that rejected the whole input (`csv.unterminated-quote`), if it was.
    public var rejectedBy: String?
    public var eventIDs: [String]
    public var at: String

    enum CodingKeys: String, CodingKey {
        case adapter, origin, records, events, skipped, at
        case mappingID = "mapping_id"
        case mappingVersion = "mapping_version"
        case deadLetters = "dead_letters"
        case rejectedBy = "rejected_by"
        case eventIDs = "event_ids"
    }

    init(adapter: String, origin: String, mappingID: String, mappingVersion: String, summary: DocumentSummary, rejectedBy: String?, at date: Date) {
        self.adapter = adapter
        self.origin = origin
        self.mappingID = mappingID
        self.mappingVersion = mappingVersion
        records = summary.records
        events = summary.events
        skipped = summary.skipped
        deadLetters = summary.deadLetters
        self.rejectedBy = rejectedBy
        eventIDs = summary.eventIDs
        at = date.formatted(.iso8601)
    }

    /// The receipt as a record keyed by the adapter, so one adapter's receipts stay in order.
    func message(headers: [KafkaHeader]) throws -> ProducerMessage {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return ProducerMessage(topic: HubTopics.intake, key: Array(adapter.utf8), value: Array(try encoder.encode(self)), headers: headers)
    }
}
