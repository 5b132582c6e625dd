import EarlyYearsSchema
import Foundation
import HubRuntime
import Identity
import Kafka

/// One record of `eyh.child-events.v1` as the NDL fold reads it: an event keyed by hub child id,
/// or an identity notice (a merge or split) in its place.
public enum ChildEventsRecord: Sendable, Hashable {
    case event(childID: String, sourceKey: String?, EarlyYearsEvent)
    case notice(IdentityNotice)

    /// Why a record could not be read. It names the partition and offset, never the content.
    public struct Unreadable: Error, CustomStringConvertible {
        public var partition: Int32
        public var offset: Int64
        public var reason: String
        public var description: String { "record \(partition)/\(offset) of \(HubTopics.childEvents): \(reason)" }
    }

    public init(_ message: KafkaMessage) throws(Unreadable) {
        let fail = { (reason: String) in Unreadable(partition: message.partition, offset: message.offset, reason: reason) }
        guard let value = message.value else { throw fail("it has no value") }
        if message.headers.string(named: IdentityHeader.control) != nil {
            guard let notice = try? JSONDecoder().decode(IdentityNotice.self, from: Data(value)) else { throw fail("it is not an identity notice") }
            self = .notice(notice)
            return
        }
        guard let childID = message.headers.string(named: IdentityHeader.childID) ?? message.keyString, childID.hasPrefix("ch_") else {
            throw fail("it has no hub child id")
        }
        guard let event = try? JSONDecoder().decode(EarlyYearsEvent.self, from: Data(value)) else { throw fail("it is not a canonical event") }
        self = .event(childID: childID, sourceKey: message.headers.string(named: IdentityHeader.sourceKey), event)
    }
}
