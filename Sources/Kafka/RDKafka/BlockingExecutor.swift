import Dispatch

/// Runs librdkafka calls that block (transaction commits, synchronous offset commits, admin
/// requests, flush) on a dispatch queue of their own, so they never occupy a thread of Swift's
/// cooperative pool.
struct BlockingExecutor: Sendable {
    let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func run<T: Sendable>(_ body: @escaping @Sendable () throws(KafkaError) -> T) async throws(KafkaError) -> T {
        let result: Result<T, KafkaError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(KafkaError) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
