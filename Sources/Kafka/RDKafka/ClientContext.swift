import CRdKafka
import Logging
import Synchronization

/// State that librdkafka's C callbacks reach through the client's opaque pointer.
///
/// It is created before the `rd_kafka_t` and outlives it: ``RDKafkaClient`` holds it strongly
/// and destroys the handle first.
final class ClientContext: Sendable {
    let logger: Logger
    /// Set for producers: released once per delivery report.
    let deliveryWindow: InflightWindow?
    /// Set for consumers: receives rebalance callbacks.
    let rebalanceListener: (any RebalanceListener)?
    /// The first fatal error librdkafka reported (for example, a fenced idempotent producer).
    let fatalError = Mutex<KafkaError?>(nil)
    /// Set with ``fatalError``: a lock-free check for the produce path.
    let hasFatalError = Atomic<Bool>(false)

    init(logger: Logger, deliveryWindow: InflightWindow? = nil, rebalanceListener: (any RebalanceListener)? = nil) {
        self.logger = logger
        self.deliveryWindow = deliveryWindow
        self.rebalanceListener = rebalanceListener
    }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> ClientContext? {
        opaque.map { Unmanaged<ClientContext>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Points librdkafka's log, error and (when set) delivery and rebalance callbacks at this context.
    func install(on conf: OpaquePointer) {
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(self).toOpaque())
        rd_kafka_conf_set_log_cb(conf) { rk, level, facility, text in
            guard let rk, let context = ClientContext.from(rd_kafka_opaque(rk)) else { return }
            context.log(level: level, facility: facility.map { String(cString: $0) } ?? "", text: text.map { String(cString: $0) } ?? "")
        }
        rd_kafka_conf_set_error_cb(conf) { rk, err, reason, opaque in
            guard let context = ClientContext.from(opaque) else { return }
            context.clientError(rk: rk, err: rd_kafka_resp_err_t(err), reason: reason.map { String(cString: $0) } ?? "")
        }
        if deliveryWindow != nil {
            rd_kafka_conf_set_dr_msg_cb(conf) { _, message, opaque in
                guard let message, let context = ClientContext.from(opaque) else { return }
                context.delivered(message)
            }
        }
        if rebalanceListener != nil {
            rd_kafka_conf_set_rebalance_cb(conf) { rk, err, partitions, opaque in
                guard let rk, let partitions, let context = ClientContext.from(opaque) else { return }
                context.rebalanceListener?.rebalance(rk: rk, err: err, partitions: partitions)
            }
            rd_kafka_conf_set_offset_commit_cb(conf) { _, err, offsets, opaque in
                guard err != RD_KAFKA_RESP_ERR_NO_ERROR, err != RD_KAFKA_RESP_ERR__NO_OFFSET,
                    let context = ClientContext.from(opaque) else { return }
                context.logger.warning("offset commit failed", metadata: ["kafka.error": "\(KafkaError(err))"])
            }
        }
    }

    private func log(level: Int32, facility: String, text: String) {
        let swiftLevel: Logger.Level = switch level {
        case ...2: .critical
        case 3: .error
        case 4: .warning
        case 5: .notice
        case 6: .info
        default: .debug
        }
        logger.log(level: swiftLevel, "\(text)", metadata: ["kafka.facility": "\(facility)"], source: "librdkafka")
    }

    private func clientError(rk: OpaquePointer?, err: rd_kafka_resp_err_t, reason: String) {
        if err == RD_KAFKA_RESP_ERR__FATAL, let rk {
            var text = [CChar](repeating: 0, count: 512)
            let underlying = rd_kafka_fatal_error(rk, &text, text.count)
            let error = KafkaError(
                category: .fatal, code: underlying.rawValue, codeName: String(cString: rd_kafka_err2name(underlying)),
                message: String(cBuffer: text))
            fatalError.withLock { if $0 == nil { $0 = error } }
            hasFatalError.store(true, ordering: .releasing)
            logger.critical("fatal Kafka client error", metadata: ["kafka.error": "\(error)"])
        } else {
            logger.warning("Kafka client error", metadata: ["kafka.error": "\(KafkaError(err, context: reason))"])
        }
    }

    private func delivered(_ message: UnsafePointer<rd_kafka_message_t>) {
        guard let opaque = message.pointee._private else { return }
        let handler = Unmanaged<DeliveryHandler>.fromOpaque(opaque).takeRetainedValue()
        deliveryWindow?.release()
        handler.delivered(message)
    }
}

/// Receives a consumer's rebalance callbacks on the thread that polls it.
protocol RebalanceListener: Sendable {
    func rebalance(rk: OpaquePointer, err: rd_kafka_resp_err_t, partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>)
}
