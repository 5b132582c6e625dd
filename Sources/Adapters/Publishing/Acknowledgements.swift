import Kafka
import Synchronization

/// Waits for the delivery reports of one batch of records, however many other batches share the
/// producer: the webhook answers, and a file moves, only when its own records are acknowledged.
final class Acknowledgements: Sendable {
    private struct State {
        var outstanding: Int
        var firstError: KafkaError?
        var waiter: CheckedContinuation<KafkaError?, Never>?
    }

    private let state: Mutex<State>

    init(expecting count: Int) {
        state = Mutex(State(outstanding: count))
    }

    /// Counts one delivery report; called once per record from the producer's poll thread.
    func record(_ result: Result<DeliveryReport, KafkaError>) {
        let finished: (CheckedContinuation<KafkaError?, Never>, KafkaError?)? = state.withLock { state in
            if case .failure(let error) = result, state.firstError == nil { state.firstError = error }
            state.outstanding -= 1
            guard state.outstanding == 0, let waiter = state.waiter else { return nil }
            state.waiter = nil
            return (waiter, state.firstError)
        }
        if let (waiter, error) = finished { waiter.resume(returning: error) }
    }

    /// Records that were never queued will not report: stop waiting for them.
    func abandon(_ count: Int, because error: KafkaError) {
        for _ in 0..<count { record(.failure(error)) }
    }

    /// Returns once every record has reported: `nil` if all were acknowledged, else the first error.
    func wait() async -> KafkaError? {
        await withCheckedContinuation { continuation in
            let ready: KafkaError?? = state.withLock { state in
                guard state.outstanding > 0 else { return .some(state.firstError) }
                state.waiter = continuation
                return .none
            }
            if case .some(let error) = ready { continuation.resume(returning: error) }
        }
    }
}
