import Foundation

/// The hand-over between a consumer's poll thread and the async application.
///
/// The poll thread pushes converted events and blocks while the buffer is full (back-pressure
/// reaches the broker as fewer fetches). The application takes events in batches and suspends
/// while the buffer is empty. A revocation is delivered last in its batch, and the poll thread
/// waits until the application asks for more (its acknowledgement) before giving the partitions up.
final class ConsumerBuffer: @unchecked Sendable {
    // All mutable state is guarded by `condition`'s lock.
    private let condition = NSCondition()
    /// Events in arrival order, as the poll thread pushed them: whole chunks move to the
    /// application without copying each record (which would retain and release its strings and
    /// arrays from two threads at once).
    private var chunks: [[ConsumerEvent]] = []
    private var firstChunk = 0
    private var count = 0
    private var waiter: (token: UInt64, max: Int, continuation: CheckedContinuation<[ConsumerEvent]?, Never>)?
    private var nextToken: UInt64 = 0
    /// Time-outs that fired before their waiter was registered.
    private var expiredEarly: Set<UInt64> = []
    private var revocationsPushed = 0
    private var revocationsHandedOut = 0
    private var revocationsAcknowledged = 0
    private var intakeStopped = false
    private var closing = false
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    // MARK: poll-thread side

    /// Room for more events, waiting up to `timeout` for the application to take some.
    func waitForRoom(timeout: TimeInterval) -> Int {
        condition.lock()
        defer { condition.unlock() }
        if count >= capacity && !closing {
            _ = condition.wait(until: Date(timeIntervalSinceNow: timeout))
        }
        return closing ? 0 : max(0, capacity - count)
    }

    func push(_ newEvents: [ConsumerEvent]) {
        guard !newEvents.isEmpty else { return }
        condition.lock()
        chunks.append(newEvents)
        count += newEvents.count
        revocationsPushed += newEvents.count { if case .partitionsRevoked = $0 { true } else { false } }
        let ready = takeForWaiter()
        condition.unlock()
        ready?.continuation.resume(returning: ready?.events)
    }

    /// Blocks the poll thread until the application has acknowledged every revocation pushed so
    /// far, the consumer is closing, or `timeout` passes. Returns whether it was acknowledged.
    func awaitRevocationAcknowledged(timeout: TimeInterval) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while revocationsAcknowledged < revocationsPushed && !closing && !intakeStopped {
            if !condition.wait(until: deadline) { return false }
        }
        return true
    }

    /// Drops buffered messages of these partitions (after a seek made them stale).
    func discardMessages(of partitions: Set<TopicPartition>) {
        condition.lock()
        chunks = chunks[firstChunk...].map { chunk in
            chunk.filter { event in
                if case .message(let message) = event { !partitions.contains(message.topicPartition) } else { true }
            }
        }.filter { !$0.isEmpty }
        firstChunk = 0
        count = chunks.reduce(0) { $0 + $1.count }
        condition.broadcast()
        condition.unlock()
    }

    // MARK: application side

    /// Up to `max` events; waits up to `waitAtMost` (forever when `nil`) for the first one.
    /// Returns `[]` on timeout and `nil` once intake has stopped.
    func take(max: Int, waitAtMost: Duration?) async -> [ConsumerEvent]? {
        let token: UInt64
        let immediate: [ConsumerEvent]??
        (token, immediate) = {
            condition.lock()
            defer { condition.unlock() }
            revocationsAcknowledged = revocationsHandedOut
            condition.broadcast()
            if intakeStopped { return (0, .some(nil)) }
            if count > 0 { return (0, .some(takeLocked(max: max))) }
            if waitAtMost == .zero { return (0, .some([])) }
            nextToken += 1
            return (nextToken, nil)
        }()
        if let immediate { return immediate }
        if let waitAtMost {
            Task { [weak self] in
                try? await Task.sleep(for: waitAtMost)
                self?.expireWaiter(token: token)
            }
        }
        return await withCheckedContinuation { continuation in
            condition.lock()
            if intakeStopped {
                condition.unlock()
                continuation.resume(returning: nil)
            } else if count > 0 {
                expiredEarly.remove(token)
                let batch = takeLocked(max: max)
                condition.unlock()
                continuation.resume(returning: batch)
            } else if expiredEarly.remove(token) != nil {
                condition.unlock()
                continuation.resume(returning: [])
            } else {
                waiter = (token, max, continuation)
                condition.unlock()
            }
        }
    }

    /// Ends delivery: waiting and later `take` calls return `nil`; a pending revocation is released.
    func stopIntake() {
        condition.lock()
        intakeStopped = true
        let pending = waiter
        waiter = nil
        condition.broadcast()
        condition.unlock()
        pending?.continuation.resume(returning: nil)
    }

    func beginClosing() {
        condition.lock()
        closing = true
        condition.broadcast()
        condition.unlock()
        stopIntake()
    }

    private func expireWaiter(token: UInt64) {
        condition.lock()
        guard let pending = waiter, pending.token == token else {
            // Not registered yet (or already answered): remember, so a late registration returns at once.
            if token == nextToken { expiredEarly.insert(token) }
            condition.unlock()
            return
        }
        waiter = nil
        condition.unlock()
        pending.continuation.resume(returning: [])
    }

    private func takeForWaiter() -> (continuation: CheckedContinuation<[ConsumerEvent]?, Never>, events: [ConsumerEvent])? {
        guard let pending = waiter, count > 0 else { return nil }
        waiter = nil
        return (pending.continuation, takeLocked(max: pending.max))
    }

    /// Takes up to `max` events, ending a batch at a revocation. Caller holds the lock.
    private func takeLocked(max: Int) -> [ConsumerEvent] {
        var batch: [ConsumerEvent] = []
        while firstChunk < chunks.count && batch.count < max {
            let room = max - batch.count
            if revocationsPushed > revocationsHandedOut,
               let revocation = chunks[firstChunk].firstIndex(where: { if case .partitionsRevoked = $0 { true } else { false } }) {
                // Hand out everything up to and including the revocation, then stop.
                let upTo = Swift.min(revocation + 1, room)
                batch += chunks[firstChunk][..<upTo]
                chunks[firstChunk].removeFirst(upTo)
                count -= upTo
                if upTo == revocation + 1 { revocationsHandedOut += 1 }
                if chunks[firstChunk].isEmpty { firstChunk += 1 }
                break
            }
            if chunks[firstChunk].count <= room {
                let chunk = chunks[firstChunk]
                chunks[firstChunk] = []
                if batch.isEmpty { batch = chunk } else { batch += chunk }
                firstChunk += 1
                count -= chunk.count
            } else {
                batch += chunks[firstChunk][..<room]
                chunks[firstChunk].removeFirst(room)
                count -= room
            }
        }
        if firstChunk > 64 && firstChunk * 2 > chunks.count {
            chunks.removeFirst(firstChunk)
            firstChunk = 0
        }
        condition.broadcast()
        return batch
    }
}
