import CRdKafka
import Logging

/// What a plain and a transactional producer share: the handle, its poll thread, the in-flight
/// window and the enqueue path.
final class ProducerCore: Sendable {
    let client: RDKafkaClient
    let window: InflightWindow
    private let poller: PollThread
    private let topics: TopicHandles

    init(properties: [(key: String, value: String)], maxInFlight: Int, logger: Logger) throws(KafkaError) {
        let window = InflightWindow(limit: maxInFlight)
        let client = try RDKafkaClient(kind: .producer, properties: properties, context: ClientContext(logger: logger, deliveryWindow: window))
        self.client = client
        self.window = window
        self.topics = TopicHandles(client: client)
        self.poller = PollThread(name: "eyhub.kafka.producer-poll") { isRunning in
            while isRunning() { rd_kafka_poll(client.pointer, 100) }
        }
    }

    /// A producer dropped without `close()` still stops its thread and frees its handle.
    deinit {
        window.close()
        poller.stop()
        topics.releaseAll()
        client.destroy()
    }

    func send(_ message: ProducerMessage) async throws -> DeliveryReport {
        let pending = PendingDelivery()
        try await enqueue(message) { pending.fulfil($0) }
        return try await pending.report()
    }

    func enqueue(_ message: ProducerMessage, onDelivery: @escaping @Sendable (Result<DeliveryReport, KafkaError>) -> Void) async throws {
        try await enqueue(message, handler: DeliverySink(topic: message.topic, complete: onDelivery))
    }

    func enqueue(_ message: ProducerMessage, handler: DeliveryHandler) async throws {
        if !window.tryAcquire() { try await window.acquireWaiting() }
        while true {
            do {
                return try produceAcquired(message, handler: handler)
            } catch where error.hasCode(RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                // librdkafka's byte bound was hit before ours: wait for deliveries to drain it.
                try? await Task.sleep(for: .milliseconds(2))
            } catch {
                window.release()
                throw error
            }
        }
    }

    /// Queues many records, taking window slots and looking up each topic in bulk. Waits for
    /// room like ``enqueue(_:handler:)``; on an error, the records before the failing one are queued.
    func enqueue(contentsOf messages: [ProducerMessage], handler: DeliveryHandler) async throws {
        var next = 0
        var lastTopic = ""
        var lastHandle: OpaquePointer?
        while next < messages.count {
            var granted = window.tryAcquire(upTo: messages.count - next)
            if granted == 0 {
                try await window.acquireWaiting()
                granted = 1
            }
            let end = next + granted
            while next < end {
                let message = messages[next]
                do {
                    if lastHandle == nil || message.topic != lastTopic {
                        lastHandle = try topics.handle(for: message.topic)
                        lastTopic = message.topic
                    }
                    try produceAcquired(message, handler: handler, topic: lastHandle)
                } catch {
                    // This record and the rest of the grant are not in flight.
                    window.giveBack(end - next)
                    guard error.hasCode(RD_KAFKA_RESP_ERR__QUEUE_FULL) else { throw error }
                    try? await Task.sleep(for: .milliseconds(2))
                    break
                }
                next += 1
            }
        }
    }

    /// Hands one record to librdkafka; the caller already holds a window slot.
    private func produceAcquired(_ message: ProducerMessage, handler: DeliveryHandler, topic: OpaquePointer? = nil) throws(KafkaError) {
        if let fatal = client.fatalError { throw fatal }
        let handle: OpaquePointer
        if let topic { handle = topic } else { handle = try topics.handle(for: message.topic) }
        let opaque = Unmanaged.passRetained(handler).toOpaque()
        let headers = Self.makeHeaders(message.headers)
        let error = withOptionalBytes(message.key) { key in
            withOptionalBytes(message.value) { value in
                produceva(topic: handle, partition: message.partition, key: key, value: value, headers: headers,
                          timestamp: message.timestampMilliseconds, opaque: opaque)
            }
        }
        guard let error else { return }
        // On failure librdkafka keeps ownership of nothing: take back the handler and the headers.
        Unmanaged<DeliveryHandler>.fromOpaque(opaque).release()
        if let headers { rd_kafka_headers_destroy(headers) }
        throw KafkaError(consuming: error, context: "producing to \(message.topic)")
    }

    private func produceva(
        topic: OpaquePointer, partition: Int32?, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?,
        headers: OpaquePointer?, timestamp: Int64?, opaque: UnsafeMutableRawPointer
    ) -> OpaquePointer? {
        withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 8) { vus in
            var count = 0
            func add(_ type: rd_kafka_vtype_t, _ fill: (inout rd_kafka_vu_t) -> Void) {
                var vu = rd_kafka_vu_t()
                vu.vtype = type
                fill(&vu)
                vus.initializeElement(at: count, to: vu)
                count += 1
            }
            add(RD_KAFKA_VTYPE_RKT) { $0.u.rkt = topic }
            add(RD_KAFKA_VTYPE_PARTITION) { $0.u.i32 = partition ?? RD_KAFKA_PARTITION_UA }
            add(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = RD_KAFKA_MSG_F_COPY }
            add(RD_KAFKA_VTYPE_OPAQUE) { $0.u.ptr = opaque }
            if let key {
                add(RD_KAFKA_VTYPE_KEY) { $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: key.baseAddress ?? Self.emptyBytes); $0.u.mem.size = key.count }
            }
            if let value {
                add(RD_KAFKA_VTYPE_VALUE) { $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: value.baseAddress ?? Self.emptyBytes); $0.u.mem.size = value.count }
            }
            if let headers { add(RD_KAFKA_VTYPE_HEADERS) { $0.u.headers = headers } }
            if let timestamp { add(RD_KAFKA_VTYPE_TIMESTAMP) { $0.u.i64 = timestamp } }
            defer { vus.baseAddress!.deinitialize(count: count) }
            return rd_kafka_produceva(client.pointer, vus.baseAddress, count)
        }
    }

    /// A non-null address for empty keys and values: librdkafka treats a null pointer as "no key".
    /// Safe to share: it is allocated once, never written and never freed.
    nonisolated(unsafe) private static let emptyBytes = UnsafeRawPointer(UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1))

    private static func makeHeaders(_ headers: [KafkaHeader]) -> OpaquePointer? {
        guard !headers.isEmpty, let list = rd_kafka_headers_new(headers.count) else { return nil }
        for header in headers {
            if let value = header.value {
                value.withUnsafeBytes { bytes in
                    _ = rd_kafka_header_add(list, header.name, -1, bytes.baseAddress ?? emptyBytes, bytes.count)
                }
            } else {
                _ = rd_kafka_header_add(list, header.name, -1, nil, 0)
            }
        }
        return list
    }

    func flush(timeout: Duration) async throws(KafkaError) {
        let client = self.client
        let milliseconds = timeout.milliseconds
        try await client.blocking.run { () throws(KafkaError) in
            let err = rd_kafka_flush(client.pointer, milliseconds)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                throw KafkaError(err, context: "flushing \(rd_kafka_outq_len(client.pointer)) records")
            }
        }
    }

    /// Flushes for up to `timeout`, fails whatever is still undelivered, and destroys the handle.
    func close(timeout: Duration) async {
        try? await flush(timeout: timeout)
        window.close()
        rd_kafka_purge(client.pointer, Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT))
        poller.stop()
        rd_kafka_poll(client.pointer, 0)
        topics.releaseAll()
        client.destroy()
    }
}

func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
    guard let bytes else { return body(nil) }
    return bytes.withUnsafeBytes { body($0) }
}
