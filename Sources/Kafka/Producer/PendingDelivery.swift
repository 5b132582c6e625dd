import Synchronization

/// Bridges one delivery report, which arrives on the poll thread, to an awaiting task.
final class PendingDelivery: Sendable {
    private enum State {
        case waiting(CheckedContinuation<DeliveryReport, any Error>?)
        case done(Result<DeliveryReport, KafkaError>)
    }

    private let state = Mutex(State.waiting(nil))

    func fulfil(_ result: Result<DeliveryReport, KafkaError>) {
        let continuation = state.withLock { state -> CheckedContinuation<DeliveryReport, any Error>? in
            guard case .waiting(let continuation) = state else { return nil }
            state = .done(result)
            return continuation
        }
        continuation?.resume(with: result)
    }

    func report() async throws -> DeliveryReport {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<DeliveryReport, KafkaError>? in
                switch state {
                case .done(let result): return result
                case .waiting: state = .waiting(continuation); return nil
                }
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
