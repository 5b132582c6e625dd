import Foundation
import Testing

@testable import HubRuntime

@Suite("Embedded broker process control")
struct EmbeddedBrokerTests {
    func scratchDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("eyhub-broker-unit-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("stop with no recorded broker reports that nothing was running")
    func stopWithoutPid() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let broker = EmbeddedBroker(port: 1, dataDirectory: directory)
        #expect(try broker.stop() == nil)
    }

    @Test("stop refuses to signal a recorded pid that is not this broker")
    func stopRefusesForeignPid() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let broker = EmbeddedBroker(port: 1, dataDirectory: directory)
        // Our own pid: alive, but not a noida-db serving this directory.
        try String(ProcessInfo.processInfo.processIdentifier).write(toFile: broker.pidFile, atomically: true, encoding: .utf8)
        #expect(throws: EmbeddedBroker.BrokerError.self) { try broker.stop() }
        #expect(EmbeddedBroker.isAlive(ProcessInfo.processInfo.processIdentifier), "and we are still here")
    }

    @Test("a pid that does not exist is not alive")
    func deadPid() {
        #expect(!EmbeddedBroker.isAlive(Int32.max - 1))
        #expect(EmbeddedBroker.isAlive(ProcessInfo.processInfo.processIdentifier))
    }

    @Test("a free port is one nothing answers on")
    func freePort() {
        let port = EmbeddedBroker.freePort()
        #expect(port > 1024)
        #expect(!EmbeddedBroker.canConnect(host: "127.0.0.1", port: port))
    }

    @Test("the data directory is made absolute so pid checks compare like with like")
    func absoluteDataDirectory() {
        let broker = EmbeddedBroker(port: 9092, dataDirectory: ".eyhub/broker")
        #expect(broker.dataDirectory.hasPrefix("/"))
        #expect(broker.dataDirectory.hasSuffix("/.eyhub/broker"))
        #expect(broker.bootstrapServers == "127.0.0.1:9092")
    }
}
