import Adapters
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Mapping

/// Posts bodies to a webhook adapter as its source system would: signed or with its bearer token.
struct WebhookSender {
    let url: URL
    let health: URL
    let authenticator: WebhookAuthenticator

    init(settings: AdapterDefinition.Webhook, directory: URL) throws {
        url = URL(string: "http://\(settings.host):\(settings.port)\(settings.path)")!
        health = URL(string: "http://\(settings.host):\(settings.port)/healthz")!
        authenticator = try WebhookAuthenticator(settings.auth, relativeTo: directory)
    }

    func waitUntilListening(timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let (_, response) = try? await URLSession.shared.data(from: health), (response as? HTTPURLResponse)?.statusCode == 200 { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw DemoFailure(description: "the webhook at \(health) did not answer within \(timeout)")
    }

    /// Posts one body and returns the status; a 503 (broker busy or starting) is retried.
    func post(_ body: [UInt8]) async throws -> Int {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (name, value) = authenticator.credentials(for: body)
        request.setValue(value, forHTTPHeaderField: name)
        for attempt in 1...5 {
            let (_, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            if status != 503 || attempt == 5 { return status }
            try await Task.sleep(for: .seconds(2))
        }
        return 503
    }
}

/// A TCP port nothing listens on now, found by binding port 0 on localhost.
enum FreePort {
    static func find() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw DemoFailure(description: "no socket for finding a free port") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw DemoFailure(description: "could not bind a local port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
