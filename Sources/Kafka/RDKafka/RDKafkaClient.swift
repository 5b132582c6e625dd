import CRdKafka
import Foundation
import Logging
import Synchronization

/// Owns one `rd_kafka_t` and the thread that serves its callbacks.
///
/// librdkafka handles are thread-safe, so the pointer is shared freely between the poll thread,
/// the blocking executor and async callers; that is why this type is `@unchecked Sendable`.
/// Every mutable Swift field is behind a `Mutex`.
final class RDKafkaClient: @unchecked Sendable {
    let pointer: OpaquePointer
    let context: ClientContext
    let blocking: BlockingExecutor
    private let destroyed = Mutex(false)

    enum Kind {
        case producer, consumer

        var rawValue: rd_kafka_type_t { self == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER }
    }

    init(kind: Kind, properties: [(key: String, value: String)], context: ClientContext) throws(KafkaError) {
        let conf = try RDKafkaConfig.make(properties)
        context.install(on: conf)
        var errstr = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(kind.rawValue, conf, &errstr, errstr.count) else {
            rd_kafka_conf_destroy(conf)
            let text = String(cBuffer: errstr)
            // librdkafka names the property in its text when a combination of settings is invalid.
            throw KafkaError(category: .configuration, message: text, property: Self.propertyNamed(in: text, among: properties))
        }
        self.pointer = handle
        self.context = context
        self.blocking = BlockingExecutor(label: "eyhub.kafka.blocking")
    }

    /// Destroys the handle once; later calls do nothing.
    func destroy() {
        let first = destroyed.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        if first { rd_kafka_destroy(pointer) }
    }

    deinit { destroy() }

    /// The first fatal error librdkafka raised on this client, if any.
    var fatalError: KafkaError? {
        guard context.hasFatalError.load(ordering: .acquiring) else { return nil }
        return context.fatalError.withLock { $0 }
    }

    private static func propertyNamed(in text: String, among properties: [(key: String, value: String)]) -> String? {
        properties.map(\.key).filter { text.contains($0) }.max { $0.count < $1.count }
    }
}

/// A thread that calls a polling function until stopped.
///
/// librdkafka serves callbacks (delivery reports, logs queued to the main queue, rebalances) only
/// from inside its poll calls; a dedicated thread keeps those blocking calls off the cooperative pool.
final class PollThread: Sendable {
    private final class Flag: Sendable {
        let running = Atomic<Bool>(true)
    }

    private let flag = Flag()
    private let finished = DispatchSemaphore(value: 0)

    init(name: String, body: @escaping @Sendable (_ isRunning: () -> Bool) -> Void) {
        let thread = Thread { [flag, finished] in
            body { flag.running.load(ordering: .acquiring) }
            finished.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Asks the loop to end and waits until it has.
    func stop() {
        if flag.running.exchange(false, ordering: .acquiringAndReleasing) {
            finished.wait()
        }
    }
}
