import CRdKafka
import Foundation
import Logging

/// The consumer's poll thread: runs queued commands, fetches records in batches, converts them
/// to Swift values and pushes them into the ``ConsumerBuffer``.
///
/// Commands run on this thread, between fetches, which is what makes ``KafkaConsumer/seek(_:)``
/// exact: nothing fetched before the seek can be pushed after it.
struct FetchLoop {
    let client: RDKafkaClient
    let buffer: ConsumerBuffer
    let commands: CommandQueue
    let logger: Logger

    private static let batchLimit = 4096

    func run(while isRunning: () -> Bool) {
        guard let queue = rd_kafka_queue_get_consumer(client.pointer) else {
            logger.critical("Kafka consumer has no consumer queue")
            return
        }
        defer { rd_kafka_queue_destroy(queue) }
        var topicNames: [OpaquePointer: String] = [:]
        let slots = UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>.allocate(capacity: Self.batchLimit)
        defer { slots.deallocate() }
        while isRunning() {
            for command in commands.drain() { run(command) }
            let room = buffer.waitForRoom(timeout: 0.1)
            guard room > 0 else { continue }
            // librdkafka's batch call waits until the batch is full or the time is up, so wait
            // for one record only, then take whatever else is ready without waiting.
            guard rd_kafka_consume_batch_queue(queue, 100, slots, 1) == 1 else { continue }
            let limit = min(room, Self.batchLimit)
            let more = limit > 1 ? max(0, rd_kafka_consume_batch_queue(queue, 0, slots + 1, limit - 1)) : 0
            let count = 1 + more
            var events: [ConsumerEvent] = []
            events.reserveCapacity(count)
            for index in 0..<count {
                guard let message = slots[index] else { continue }
                defer { rd_kafka_message_destroy(message) }
                if message.pointee.err == RD_KAFKA_RESP_ERR__PARTITION_EOF, let rkt = message.pointee.rkt {
                    events.append(.partitionEnd(TopicPartition(topic: String(cString: rd_kafka_topic_name(rkt)), partition: message.pointee.partition)))
                    continue
                }
                if message.pointee.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                    logConsumeError(message.pointee)
                    continue
                }
                events.append(.message(convert(message, topicNames: &topicNames)))
            }
            buffer.push(events)
        }
    }

    private func run(_ command: CommandQueue.Command) {
        switch command {
        case .seek(let positions, let done):
            let error: KafkaError? = TopicPartitionList.with(positions) { list in
                if let error = rd_kafka_seek_partitions(client.pointer, list, 10_000) {
                    return KafkaError(consuming: error, context: "seeking")
                }
                return TopicPartitionList.firstError(list, context: "seeking")
            }
            if error == nil { buffer.discardMessages(of: Set(positions.map(\.topicPartition))) }
            done(error)
        }
    }

    private func convert(_ pointer: UnsafeMutablePointer<rd_kafka_message_t>, topicNames: inout [OpaquePointer: String]) -> KafkaMessage {
        let message = pointer.pointee
        let topic: String
        if let rkt = message.rkt, let cached = topicNames[rkt] {
            topic = cached
        } else {
            topic = message.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
            if let rkt = message.rkt { topicNames[rkt] = topic }
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(pointer, &timestampType)
        return KafkaMessage(
            topic: topic, partition: message.partition, offset: message.offset,
            key: bytes(message.key, message.key_len), value: bytes(message.payload, message.len),
            headers: headers(of: pointer),
            timestampMilliseconds: timestamp >= 0 ? timestamp : nil)
    }

    private func bytes(_ pointer: UnsafeMutableRawPointer?, _ count: Int) -> [UInt8]? {
        guard let pointer else { return nil }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    private func headers(of message: UnsafeMutablePointer<rd_kafka_message_t>) -> [KafkaHeader] {
        var list: OpaquePointer?
        guard rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return [] }
        var result: [KafkaHeader] = []
        var index = 0
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }
            result.append(KafkaHeader(name: name.map { String(cString: $0) } ?? "", value: bytes))
            index += 1
        }
        return result
    }

    private func logConsumeError(_ message: rd_kafka_message_t) {
        let error = KafkaError(message.err, context: "consuming")
        let topic = message.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? "-"
        logger.warning("Kafka consume error", metadata: [
            "kafka.error": "\(error)", "kafka.topic": "\(topic)", "kafka.partition": "\(message.partition)",
        ])
    }
}

/// Work for the poll thread, submitted from any thread.
final class CommandQueue: Sendable {
    enum Command: Sendable {
        case seek([TopicPartitionOffset], done: @Sendable (KafkaError?) -> Void)
    }

    private let pending = Synchronization.Mutex<[Command]>([])

    func submit(_ command: Command) {
        pending.withLock { $0.append(command) }
    }

    func drain() -> [Command] {
        pending.withLock { commands in
            defer { commands.removeAll() }
            return commands
        }
    }
}

import Synchronization

/// Answers librdkafka's rebalance callback on the poll thread.
struct Rebalancer: RebalanceListener {
    let buffer: ConsumerBuffer
    let logger: Logger
    /// How long a revocation waits for the application before giving the partitions up anyway.
    var revocationTimeout: TimeInterval = 60

    func rebalance(rk: OpaquePointer, err: rd_kafka_resp_err_t, partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) {
        let cooperative = String(cString: rd_kafka_rebalance_protocol(rk)) == "COOPERATIVE"
        let changed = TopicPartitionList.positions(partitions).map(\.topicPartition)
        switch err {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            if cooperative {
                if let error = rd_kafka_incremental_assign(rk, partitions) { logFailure(KafkaError(consuming: error, context: "assigning")) }
            } else {
                let result = rd_kafka_assign(rk, partitions)
                if result != RD_KAFKA_RESP_ERR_NO_ERROR { logFailure(KafkaError(result, context: "assigning")) }
            }
            logger.info("partitions assigned", metadata: ["kafka.partitions": "\(changed.map(\.description))"])
            buffer.push([.partitionsAssigned(changed)])
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            buffer.push([.partitionsRevoked(changed)])
            if !buffer.awaitRevocationAcknowledged(timeout: revocationTimeout) {
                logger.warning("revocation not acknowledged in time; giving partitions up anyway",
                               metadata: ["kafka.partitions": "\(changed.map(\.description))"])
            }
            giveUp(rk: rk, partitions: partitions, cooperative: cooperative)
            logger.info("partitions revoked", metadata: ["kafka.partitions": "\(changed.map(\.description))"])
        default:
            logFailure(KafkaError(err, context: "rebalancing"))
            giveUp(rk: rk, partitions: partitions, cooperative: cooperative)
        }
    }

    private func giveUp(rk: OpaquePointer, partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>, cooperative: Bool) {
        if cooperative {
            if let error = rd_kafka_incremental_unassign(rk, partitions) { logFailure(KafkaError(consuming: error, context: "unassigning")) }
        } else {
            _ = rd_kafka_assign(rk, nil)
        }
    }

    private func logFailure(_ error: KafkaError) {
        logger.error("rebalance step failed", metadata: ["kafka.error": "\(error)"])
    }
}
