import CRdKafka

/// Conversions between Swift positions and `rd_kafka_topic_partition_list_t`.
enum TopicPartitionList {
    /// Creates an owned list; destroy it with `rd_kafka_topic_partition_list_destroy`.
    static func make(_ positions: [TopicPartitionOffset]) -> UnsafeMutablePointer<rd_kafka_topic_partition_list_t> {
        let list = rd_kafka_topic_partition_list_new(Int32(positions.count))!
        for position in positions {
            let element = rd_kafka_topic_partition_list_add(list, position.topicPartition.topic, position.topicPartition.partition)!
            element.pointee.offset = position.offset
        }
        return list
    }

    static func make(_ partitions: [TopicPartition]) -> UnsafeMutablePointer<rd_kafka_topic_partition_list_t> {
        make(partitions.map { TopicPartitionOffset($0, offset: Int64(RD_KAFKA_OFFSET_INVALID)) })
    }

    static func with<R, E: Error>(
        _ positions: [TopicPartitionOffset], _ body: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) throws(E) -> R
    ) throws(E) -> R {
        let list = make(positions)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        return try body(list)
    }

    static func positions(_ list: UnsafePointer<rd_kafka_topic_partition_list_t>) -> [TopicPartitionOffset] {
        (0..<Int(list.pointee.cnt)).map { index in
            let element = list.pointee.elems[index]
            return TopicPartitionOffset(topic: String(cString: element.topic), partition: element.partition, offset: element.offset)
        }
    }

    /// The first per-partition error in a list returned by librdkafka, if any.
    static func firstError(_ list: UnsafePointer<rd_kafka_topic_partition_list_t>, context: String) -> KafkaError? {
        for index in 0..<Int(list.pointee.cnt) where list.pointee.elems[index].err != RD_KAFKA_RESP_ERR_NO_ERROR {
            let element = list.pointee.elems[index]
            return KafkaError(element.err, context: "\(context) \(String(cString: element.topic))[\(element.partition)]")
        }
        return nil
    }
}
