import Foundation
import Kafka
import Logging

/// Reads a whole topic, up to where it ends now, reading committed: how a stage restores its
/// state from a compacted changelog, and how the command line reads the crosswalk or reviews.
///
/// Each partition is read from its low watermark until the consumer reports its end (for a
/// `read_committed` reader, the last stable offset), so records of transactions that are still
/// open, or were aborted, are never part of a snapshot.
public enum TopicSnapshot {
    /// Every record of `topic`, in offset order within each partition (partitions one after the
    /// other). Tombstones are included, as records with no value, so a caller folding a compacted
    /// topic can apply them.
    public static func read(
        _ topic: String, client: ClientConfiguration, logger: Logger, timeout: Duration = .seconds(300)
    ) async throws(KafkaError) -> [KafkaMessage] {
        let admin = try KafkaAdmin(configuration: client, logger: logger)
        let marks: [Int32: (low: Int64, high: Int64)]
        do throws(KafkaError) {
            marks = try await admin.watermarks(of: topic)
            admin.close()
        } catch {
            admin.close()
            throw error
        }
        let holding = marks.filter { $0.value.high > $0.value.low }
        guard !holding.isEmpty else { return [] }

        let consumer = try KafkaConsumer(
            configuration: ConsumerConfiguration(
                client: client, groupID: "eyhub-snapshot-\(UUID().uuidString)", isolationLevel: .readCommitted,
                reportsPartitionEnd: true),
            logger: logger)
        var byPartition: [Int32: [KafkaMessage]] = [:]
        do throws(KafkaError) {
            try consumer.assign(holding.map { TopicPartitionOffset(topic: topic, partition: $0.key, offset: $0.value.low) })
            var reading = Set(holding.keys)
            let deadline = ContinuousClock.now + timeout
            while !reading.isEmpty {
                guard ContinuousClock.now < deadline else {
                    throw KafkaError(category: .timeout, message: "reading \(topic) to its end took longer than \(timeout)", isRetriable: true)
                }
                guard let events = await consumer.nextBatch(max: 10_000, waitAtMost: .seconds(1)) else { break }
                for event in events {
                    switch event {
                    case .message(let message):
                        byPartition[message.partition, default: []].append(message)
                        // The last record reached: nothing more to wait for, even without an end event.
                        if message.offset + 1 >= holding[message.partition]?.high ?? .max { reading.remove(message.partition) }
                    case .partitionEnd(let partition):
                        reading.remove(partition.partition)
                    case .partitionsAssigned, .partitionsRevoked:
                        break
                    }
                }
            }
        } catch {
            await consumer.close()
            throw error
        }
        await consumer.close()
        return byPartition.keys.sorted().flatMap { byPartition[$0]! }
    }
}
