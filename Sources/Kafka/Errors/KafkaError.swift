import CRdKafka

/// An error from the Kafka layer, carrying librdkafka's own code and text where there is one.
///
/// Messages never contain record contents: they name topics, partitions, offsets and
/// configuration keys only, so they are safe to log.
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is, and so what the caller should do next.
    public enum Category: Sendable, Hashable {
        /// A configuration key is unknown or its value is invalid. Fix the configuration.
        case configuration
        /// An error reported by librdkafka or the broker. See ``KafkaError/isRetriable``.
        case client
        /// The current transaction cannot be committed and must be aborted; the producer stays usable.
        case transactionAbortable
        /// The client cannot continue (for example, a newer instance fenced this transactional producer).
        /// Close it and create a new one.
        case fatal
        /// An operation did not finish within its time limit.
        case timeout
        /// The client has been closed.
        case closed
    }

    public var category: Category
    /// librdkafka's `rd_kafka_resp_err_t` value, when librdkafka reported the error.
    public var code: Int32?
    /// librdkafka's symbolic name for ``code``, such as `_MSG_TIMED_OUT` or `TOPIC_ALREADY_EXISTS`.
    public var codeName: String?
    /// A human-readable explanation.
    public var message: String
    /// Whether retrying the same operation may succeed.
    public var isRetriable: Bool
    /// The configuration key at fault, for ``Category/configuration`` errors.
    public var property: String?

    public init(
        category: Category, code: Int32? = nil, codeName: String? = nil, message: String,
        isRetriable: Bool = false, property: String? = nil
    ) {
        self.category = category
        self.code = code
        self.codeName = codeName
        self.message = message
        self.isRetriable = isRetriable
        self.property = property
    }

    public var description: String {
        var text = "Kafka \(category) error"
        if let codeName { text += " \(codeName)" }
        if let code { text += " (\(code))" }
        if let property { text += " for property '\(property)'" }
        return text + ": \(message)"
    }

    /// Whether this error carries the given librdkafka code.
    public func hasCode(_ err: rd_kafka_resp_err_t) -> Bool { code == err.rawValue }

    static let closed = KafkaError(category: .closed, message: "the Kafka client is closed")
}

extension KafkaError {
    /// Maps a bare librdkafka response code.
    init(_ err: rd_kafka_resp_err_t, context: String? = nil) {
        let text = String(cString: rd_kafka_err2str(err))
        let category: Category = switch err {
        case RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT: .timeout
        case RD_KAFKA_RESP_ERR__FATAL, RD_KAFKA_RESP_ERR__FENCED, RD_KAFKA_RESP_ERR_PRODUCER_FENCED: .fatal
        default: .client
        }
        self.init(
            category: category,
            code: err.rawValue,
            codeName: String(cString: rd_kafka_err2name(err)),
            message: context.map { "\($0): \(text)" } ?? text,
            isRetriable: Self.retriable(err)
        )
    }

    /// Maps and destroys an `rd_kafka_error_t`, keeping its fatal / abortable / retriable flags.
    init(consuming error: OpaquePointer, context: String? = nil) {
        defer { rd_kafka_error_destroy(error) }
        let err = rd_kafka_error_code(error)
        let text = String(cString: rd_kafka_error_string(error))
        let category: Category =
            if rd_kafka_error_is_fatal(error) != 0 { .fatal }
            else if rd_kafka_error_txn_requires_abort(error) != 0 { .transactionAbortable }
            else if err == RD_KAFKA_RESP_ERR__TIMED_OUT { .timeout }
            else { .client }
        self.init(
            category: category,
            code: err.rawValue,
            codeName: String(cString: rd_kafka_err2name(err)),
            message: context.map { "\($0): \(text)" } ?? text,
            isRetriable: rd_kafka_error_is_retriable(error) != 0
        )
    }

    private static func retriable(_ err: rd_kafka_resp_err_t) -> Bool {
        switch err {
        case RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR__TRANSPORT,
            RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
            RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE,
            RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_NOT_COORDINATOR,
            RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE:
            true
        default:
            false
        }
    }
}
