import Adapters
import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HubRuntime
import Kafka
import ServiceLifecycle
import Testing

@Suite("The webhook adapter over real HTTP, against the embedded broker")
struct WebhookAdapterTests {
    static let secret = "webhook-test-secret"

    /// A webhook adapter with HMAC-SHA256 auth (`X-Signature: sha256=<hex>`) and a 4 KiB body limit.
    static func fixture(_ label: String, port: Int) throws -> AdapterFixture {
        let fixture = try AdapterFixture(label, transport: """
            webhook
            webhook:
              listen: 127.0.0.1:\(port)
              path: /records
              max_body_bytes: 4096
              auth:
                hmac: { header: X-Signature, algorithm: sha256, prefix: "sha256=", secret_file: secret.txt }
            """)
        try Data(secret.utf8).write(to: fixture.directory.appendingPathComponent("secret.txt"))
        return fixture
    }

    static func signature(_ body: Data) -> String {
        "sha256=" + HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8))).map { String(format: "%02x", $0) }.joined()
    }

    static func post(_ body: Data, port: Int, signature: String?) async throws -> (status: Int, json: [String: Any], headers: [AnyHashable: Any]) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/records")!)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("text/csv", forHTTPHeaderField: "Content-Type")
        if let signature { request.setValue(signature, forHTTPHeaderField: "X-Signature") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return (http.statusCode, (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:], http.allHeaderFields)
    }

    /// Runs the daemon in a service group until `body` returns, then shuts it down gracefully.
    static func running(_ daemon: AdapterDaemon, port: Int, _ body: () async throws -> Void) async throws {
        let group = ServiceGroup(services: [daemon], logger: testLogger)
        let task = Task { try await group.run() }
        let healthy = await eventually(timeout: .seconds(30)) {
            guard let (_, response) = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/healthz")!) else { return false }
            return (response as? HTTPURLResponse)?.statusCode == 200
        }
        #expect(healthy, "GET /healthz answers 200")
        do {
            try await body()
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await task.value
    }

    @Test("202 with a summary after acknowledgement; 401 for a bad signature; 413 when too large; 422 and a dead letter when unparseable")
    func acceptsAndRefuses() async throws {
        let port = EmbeddedBroker.freePort()
        let fixture = try Self.fixture("hook", port: port)
        defer { fixture.remove() }
        let export = nurseryExport(prefix: "W", rows: 2, extra: [waitingRow, unknownFundingRow])
        let good = Data(export.utf8)
        var requestIDs: [String: String] = [:]

        try await Self.running(try await fixture.daemon(), port: port) {
            let accepted = try await Self.post(good, port: port, signature: Self.signature(good))
            #expect(accepted.status == 202)
            #expect(accepted.json["events"] as? Int == 2 && accepted.json["skipped"] as? Int == 1 && accepted.json["dead_letters"] as? Int == 1)
            #expect(Set(accepted.json["event_ids"] as? [String] ?? []) == Set(try fixture.expected(export).summary.eventIDs))
            requestIDs["accepted"] = accepted.json["request_id"] as? String

            let forged = try await Self.post(good, port: port, signature: Self.signature(Data("something else".utf8)))
            #expect(forged.status == 401)
            #expect((forged.json["error"] as? [String: Any])?["rule"] as? String == "auth.invalid")
            #expect(try await Self.post(good, port: port, signature: nil).status == 401)

            let large = Data(repeating: UInt8(ascii: "x"), count: 5000)
            let tooLarge = try await Self.post(large, port: port, signature: Self.signature(large))
            #expect(tooLarge.status == 413)
            #expect((tooLarge.json["error"] as? [String: Any])?["rule"] as? String == "input.size-limit")

            let broken = Data(unparseableCSV.utf8)
            let rejected = try await Self.post(broken, port: port, signature: Self.signature(broken))
            #expect(rejected.status == 422)
            let error = try #require(rejected.json["error"] as? [String: Any])
            #expect((error["rule"] as? String)?.hasPrefix("csv.") == true && error["reason"] is String && error["position"] is String)
            requestIDs["rejected"] = rejected.json["request_id"] as? String
        }

        let messages = try await readAll([HubTopics.events, HubTopics.deadLetter(fixture.name), HubTopics.raw(adapter: fixture.name)])
        let events = messages.filter { $0.topic == HubTopics.events && $0.header(AdapterHeader.adapter) == fixture.name }
        #expect(events.count == 2)
        let letters = messages.filter { $0.topic == HubTopics.deadLetter(fixture.name) }
        #expect(letters.count == 2, "the failed row and the unparseable body")
        let rejectedID = try #require(requestIDs["rejected"])
        let bodyLetter = try #require(letters.first { $0.header(AdapterHeader.origin)?.hasPrefix("request \(rejectedID)") == true })
        #expect(bodyLetter.valueString == unparseableCSV)
        #expect(bodyLetter.header(DeadLetterHeader.rule)?.hasPrefix("csv.") == true)
        let acceptedID = try #require(requestIDs["accepted"])
        #expect(letters.contains { $0.header(AdapterHeader.origin) == "request \(acceptedID) line 5" })
        let raw = messages.filter { $0.topic == HubTopics.raw(adapter: fixture.name) }
        #expect(Set(raw.compactMap(\.valueString)) == [export, unparseableCSV], "only authenticated, size-checked bodies are copied")
    }

    @Test("503 with Retry-After, within the delivery timeout, when the broker is unreachable")
    func brokerDown() async throws {
        let port = EmbeddedBroker.freePort()
        let fixture = try Self.fixture("hookdown", port: port)
        defer { fixture.remove() }
        let closed = ClientConfiguration.embedded(bootstrapServers: ["127.0.0.1:\(EmbeddedBroker.freePort())"])
        let daemon = try await fixture.daemon(client: closed, deliveryTimeout: .seconds(2))
        try await Self.running(daemon, port: port) {
            let body = Data(nurseryExport(prefix: "X", rows: 1).utf8)
            let started = ContinuousClock.now
            let reply = try await Self.post(body, port: port, signature: Self.signature(body))
            #expect(reply.status == 503)
            #expect(reply.headers["Retry-After"] as? String == "5")
            #expect((reply.json["error"] as? [String: Any])?["rule"] as? String == "kafka.unavailable")
            #expect(ContinuousClock.now - started < .seconds(15), "the request does not hang")
        }
    }
}
