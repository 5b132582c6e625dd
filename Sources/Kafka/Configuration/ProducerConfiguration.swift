/// Settings of a ``KafkaProducer``.
public struct ProducerConfiguration: Sendable, Hashable {
    public var client: ClientConfiguration
    /// Idempotent delivery (`enable.idempotence=true`, which implies `acks=all`): a retry can
    /// never write a record twice or out of order. On by default.
    public var idempotent: Bool
    /// How long to wait for more records to fill a batch, in milliseconds.
    public var lingerMilliseconds: Int
    /// How long librdkafka keeps trying to deliver a record before reporting `_MSG_TIMED_OUT`.
    public var deliveryTimeoutMilliseconds: Int
    /// The most records sent but not yet acknowledged. When reached, sending waits
    /// (back-pressure) instead of buffering more: memory stays bounded when the broker is slow or down.
    public var maxInFlightMessages: Int
    /// `none`, `gzip`, `snappy`, `lz4` or `zstd`.
    public var compression: String

    public init(
        client: ClientConfiguration, idempotent: Bool = true, lingerMilliseconds: Int = 5,
        deliveryTimeoutMilliseconds: Int = 300_000, maxInFlightMessages: Int = 100_000, compression: String = "none"
    ) {
        self.client = client
        self.idempotent = idempotent
        self.lingerMilliseconds = lingerMilliseconds
        self.deliveryTimeoutMilliseconds = deliveryTimeoutMilliseconds
        self.maxInFlightMessages = maxInFlightMessages
        self.compression = compression
    }

    var properties: [(key: String, value: String)] {
        var list: [(key: String, value: String)] = []
        if idempotent {
            list.append(("enable.idempotence", "true"))
            list.append(("acks", "all"))
        }
        list += [
            ("linger.ms", String(lingerMilliseconds)),
            ("message.timeout.ms", String(deliveryTimeoutMilliseconds)),
            // librdkafka's own queue must hold at least our window, so that our bound is the one that bites.
            ("queue.buffering.max.messages", String(max(maxInFlightMessages, 1))),
            ("compression.codec", compression),
        ]
        // Client settings (including pass-through) come last so an operator can override anything.
        return list + client.properties
    }
}

/// Settings of a ``TransactionalProducer``.
public struct TransactionalProducerConfiguration: Sendable, Hashable {
    public var producer: ProducerConfiguration
    /// Stable per stage instance: a restarted instance with the same id fences the old one and
    /// aborts whatever it left open.
    public var transactionalID: String
    public var transactionTimeoutMilliseconds: Int

    public init(producer: ProducerConfiguration, transactionalID: String, transactionTimeoutMilliseconds: Int = 60_000) {
        self.producer = producer
        self.transactionalID = transactionalID
        self.transactionTimeoutMilliseconds = transactionTimeoutMilliseconds
    }

    var properties: [(key: String, value: String)] {
        var producer = self.producer
        producer.idempotent = true
        // librdkafka requires every record's delivery timeout to fit inside the transaction's.
        producer.deliveryTimeoutMilliseconds = min(producer.deliveryTimeoutMilliseconds, transactionTimeoutMilliseconds)
        return [("transactional.id", transactionalID), ("transaction.timeout.ms", String(transactionTimeoutMilliseconds))]
            + producer.properties
    }
}
