import Foundation
import HubRuntime
import Kafka
import Logging

/// One embedded broker per test process, on its own free port and in a fresh data directory,
/// started the same way as `eyhub broker start` and stopped (data directory removed) at exit.
enum TestBroker {
    private static let shared = Task { () throws -> EmbeddedBroker in
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("eyhub-test-broker-\(ProcessInfo.processInfo.processIdentifier)").path
        let broker = EmbeddedBroker(port: EmbeddedBroker.freePort(), dataDirectory: directory)
        _ = try await broker.start(logger: testLogger)
        started.withLock { $0 = broker }
        atexit {
            guard let broker = started.withLock({ $0 }) else { return }
            _ = try? broker.stop(timeout: .seconds(10))
            try? FileManager.default.removeItem(atPath: broker.dataDirectory)
        }
        return broker
    }

    private static let started = Synchronization.Mutex<EmbeddedBroker?>(nil)

    static func broker() async throws -> EmbeddedBroker {
        try await shared.value
    }

    static func client(_ id: String = "eyhub-test") async throws -> ClientConfiguration {
        .embedded(bootstrapServers: [try await broker().bootstrapServers], clientID: id)
    }
}

import Synchronization

let testLogger: Logger = {
    var logger = Logger(label: "eyhub.tests")
    logger.logLevel = ProcessInfo.processInfo.environment["EYHUB_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .error
    return logger
}()

/// A topic name unique to one test run.
func uniqueTopic(_ name: String = #function) -> String {
    let cleaned = name.prefix { $0 != "(" }.filter { $0.isLetter || $0.isNumber }
    return "test.\(cleaned).\(UUID().uuidString.prefix(8).lowercased())"
}
