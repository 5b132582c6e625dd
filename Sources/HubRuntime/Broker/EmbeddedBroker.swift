import Foundation
import Kafka
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The embedded development and test broker: noida-db from PyPI, speaking the Kafka protocol.
///
/// `start` installs noida-db with pip when it is missing, launches its binary directly (not the
/// Python wrapper, so the recorded pid is the broker's own) in a session of its own (so Ctrl-C in
/// a terminal does not reach it), records the pid in the data directory and waits until the
/// broker answers a metadata request. `stop` signals only the process recorded there, after
/// checking that it is that broker. Production uses Apache Kafka instead (docker-compose.yml).
public struct EmbeddedBroker: Sendable {
    public var host: String
    public var port: Int
    /// Absolute path of the broker's data directory; it also holds the pid file and the log.
    public var dataDirectory: String

    public init(host: String = "127.0.0.1", port: Int = 9092, dataDirectory: String) {
        self.host = host
        self.port = port
        self.dataDirectory = URL(fileURLWithPath: dataDirectory).standardizedFileURL.path
    }

    public var bootstrapServers: String { "\(host):\(port)" }
    public var pidFile: String { dataDirectory + "/eyhub-broker.pid" }
    public var logFile: String { dataDirectory + "/broker.log" }

    /// The client settings for talking to this broker (the embedded profile).
    public var clientConfiguration: ClientConfiguration {
        .embedded(bootstrapServers: [bootstrapServers])
    }

    public enum StartOutcome: Sendable, Equatable {
        case started(pid: Int32)
        case alreadyRunning(pid: Int32)
    }

    public enum Status: Sendable, Equatable {
        case stopped
        /// The process runs; `answering` says whether it answered a metadata request.
        case running(pid: Int32, answering: Bool, brokers: Int, topics: Int)
    }

    public struct BrokerError: Error, CustomStringConvertible {
        public var description: String
    }

    // MARK: start

    public func start(readinessTimeout: Duration = .seconds(30), logger: Logger) async throws -> StartOutcome {
        if let pid = recordedPid(), isOurBroker(pid) {
            try await waitUntilAnswering(timeout: readinessTimeout, pid: pid)
            return .alreadyRunning(pid: pid)
        }
        if Self.canConnect(host: host, port: port) {
            throw BrokerError(description: "port \(port) on \(host) is already in use by another process; choose another with --port")
        }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let binary = try NoidaInstallation.locateOrInstall(logger: logger)
        let pid = try spawn(binary: binary, arguments: [
            "start", "--only", "kafka", "--host", host, "--kafka-port", String(port), "--data-dir", dataDirectory,
        ])
        try String(pid).write(toFile: pidFile, atomically: true, encoding: .utf8)
        logger.info("embedded broker launched", metadata: ["pid": "\(pid)", "bootstrap": "\(bootstrapServers)"])
        do {
            try await waitUntilAnswering(timeout: readinessTimeout, pid: pid)
        } catch {
            _ = try? stop(timeout: .seconds(5))
            throw error
        }
        return .started(pid: pid)
    }

    private func spawn(binary: String, arguments: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // POSIX_SPAWN_SETSID (glibc ≥ 2.26; not exported to Swift): a new session, away from the terminal's signals.
        posix_spawnattr_setflags(&attributes, 0x80)
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, binary, &actions, &attributes, argv, environ)
        guard result == 0 else {
            throw BrokerError(description: "could not launch \(binary): \(String(cString: strerror(result)))")
        }
        return pid
    }

    private func waitUntilAnswering(timeout: Duration, pid: Int32) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard Self.isAlive(pid) else {
                throw BrokerError(description: "the broker exited during start-up; see \(logFile)")
            }
            if Self.canConnect(host: host, port: port), (try? await metadata(timeout: .seconds(2))) != nil {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BrokerError(description: "the broker did not answer a metadata request within \(timeout); see \(logFile)")
    }

    /// One metadata request through our Kafka layer, with librdkafka's connection chatter silenced.
    private func metadata(timeout: Duration) async throws -> ClusterMetadata {
        var quiet = Logger(label: "eyhub.broker.probe")
        quiet.logLevel = .critical
        let admin = try KafkaAdmin(configuration: clientConfiguration, logger: quiet)
        defer { admin.close() }
        return try await admin.metadata(timeout: timeout)
    }

    // MARK: stop and status

    /// Stops the recorded broker: SIGTERM (it saves its data), then SIGKILL after `timeout`.
    /// Returns the pid stopped, or `nil` when nothing was running.
    /// Synchronous so that it can also run at process exit (the test suites' clean-up).
    public func stop(timeout: Duration = .seconds(20)) throws -> Int32? {
        guard let pid = recordedPid() else { return nil }
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        guard Self.isAlive(pid) else { return nil }
        guard isOurBroker(pid) else {
            throw BrokerError(description: "pid \(pid) in \(pidFile) is not this broker; not signalling it (remove the stale pid file)")
        }
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + timeout
        while Self.isAlive(pid) {
            if ContinuousClock.now >= deadline {
                kill(pid, SIGKILL)
                Thread.sleep(forTimeInterval: 0.2)
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return pid
    }

    public func status() async -> Status {
        guard let pid = recordedPid(), Self.isAlive(pid), isOurBroker(pid) else { return .stopped }
        guard let metadata = try? await metadata(timeout: .seconds(3)) else {
            return .running(pid: pid, answering: false, brokers: 0, topics: 0)
        }
        return .running(pid: pid, answering: true, brokers: metadata.brokers.count, topics: metadata.topics.count)
    }

    // MARK: process helpers

    /// The pid recorded by the last `start`, if any.
    public func recordedPid() -> Int32? {
        (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Whether `pid` is a noida-db process serving this data directory.
    func isOurBroker(_ pid: Int32) -> Bool {
        guard let raw = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        let arguments = raw.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        return arguments.first?.hasSuffix("noida-db") == true && arguments.contains(dataDirectory)
    }

    /// Whether `pid` runs (a zombie child is reaped and counts as gone).
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        // The state letter follows the parenthesised command name.
        guard let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(close, offsetBy: 2)...].first
        if state == "Z" || state == "X" {
            var status: Int32 = 0
            waitpid(pid, &status, WNOHANG)
            return false
        }
        return true
    }

    static func canConnect(host: String, port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { return false }
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// A TCP port on the loopback interface that nothing listens on now.
    public static func freePort() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
