import Synchronization

/// Bounds the number of records sent but not yet acknowledged.
///
/// `acquire` returns at once while there is room (no suspension on the fast path) and otherwise
/// waits, in arrival order, until a delivery report frees a slot. That wait is the producer's
/// back-pressure: when the broker is slow or down, senders slow down instead of memory growing.
///
/// Once full, waiters are woken only after the window has drained to ``resumeThreshold``, and
/// then together: a sender that wakes can queue a run of records without suspending again,
/// instead of paying a task switch for every acknowledgement.
final class InflightWindow: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var inFlight = 0
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
        var cancelled: Set<UInt64> = []
        var closed = false
    }

    let limit: Int
    /// Waiters wake when no more than this many records are in flight.
    let resumeThreshold: Int
    private let state = Mutex(State())

    init(limit: Int) {
        self.limit = max(1, limit)
        self.resumeThreshold = self.limit - max(1, self.limit / 4)
    }

    var inFlight: Int { state.withLock { $0.inFlight } }

    func acquire() async throws {
        if !tryAcquire() { try await acquireWaiting() }
    }

    /// Takes a slot if one is free right now, without suspending.
    func tryAcquire() -> Bool {
        tryAcquire(upTo: 1) == 1
    }

    /// Takes as many slots as are free right now, at most `wanted`, without suspending.
    func tryAcquire(upTo wanted: Int) -> Int {
        state.withLock { state in
            guard !state.closed, state.waiters.isEmpty else { return 0 }
            let granted = max(0, min(wanted, limit - state.inFlight))
            state.inFlight += granted
            return granted
        }
    }

    /// Returns slots taken but not used.
    func giveBack(_ count: Int) {
        for _ in 0..<count { release() }
    }

    /// The slow path of ``acquire()``: fails if closed, otherwise waits for a slot.
    func acquireWaiting() async throws {
        let outcome: Bool? = state.withLock { state in
            if state.closed { return nil }
            if state.inFlight < limit && state.waiters.isEmpty {
                state.inFlight += 1
                return true
            }
            return false
        }
        switch outcome {
        case true?: return
        case nil: throw KafkaError.closed
        case false?: try await wait()
        }
    }

    private func wait() async throws {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let immediate: (any Error)?? = state.withLock { state in
                    if state.closed { return .some(KafkaError.closed) }
                    if state.cancelled.remove(id) != nil { return .some(CancellationError()) }
                    if state.inFlight < limit && state.waiters.isEmpty {
                        state.inFlight += 1
                        return .some(nil)
                    }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                switch immediate {
                case .some(.some(let error)): continuation.resume(throwing: error)
                case .some(.none): continuation.resume()
                case .none: break
                }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                if let index = state.waiters.firstIndex(where: { $0.id == id }) {
                    return state.waiters.remove(at: index)
                }
                state.cancelled.insert(id)
                return nil
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Frees one slot; once the window has drained to ``resumeThreshold``, hands the free slots
    /// to waiters in arrival order.
    func release() {
        let ready = state.withLock { state -> [Waiter] in
            state.inFlight = max(0, state.inFlight - 1)
            guard !state.waiters.isEmpty, state.inFlight <= resumeThreshold else { return [] }
            var ready: [Waiter] = []
            while !state.waiters.isEmpty && state.inFlight < limit {
                state.inFlight += 1
                ready.append(state.waiters.removeFirst())
            }
            return ready
        }
        for waiter in ready { waiter.continuation.resume() }
    }

    /// Fails every waiter and every later `acquire`.
    func close() {
        let waiters = state.withLock { state -> [Waiter] in
            state.closed = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.continuation.resume(throwing: KafkaError.closed) }
    }
}
