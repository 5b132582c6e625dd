@testable import Adapters
import Crypto
import Foundation
import Mapping
import Testing

@Suite("Webhook credentials")
struct WebhookAuthenticatorTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eyhub-auth-\(UUID().uuidString)")

    func authenticator(_ auth: AdapterDefinition.Webhook.Auth, secret: String) throws -> WebhookAuthenticator {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data((secret + "\n").utf8).write(to: directory.appendingPathComponent("secret"))
        return try WebhookAuthenticator(auth, relativeTo: directory)
    }

    @Test("a bearer token must match exactly")
    func bearer() throws {
        let check = try authenticator(.bearer(.file("secret")), secret: "s3cret-token")
        #expect(!check.needsBody)
        #expect(check.isAuthorized(header: { $0 == "Authorization" ? "Bearer s3cret-token" : nil }, body: []))
        #expect(check.isAuthorized(header: { $0 == "Authorization" ? "bearer s3cret-token" : nil }, body: []))
        #expect(!check.isAuthorized(header: { $0 == "Authorization" ? "Bearer s3cret-tokeN" : nil }, body: []))
        #expect(!check.isAuthorized(header: { $0 == "Authorization" ? "Bearer s3cret-token2" : nil }, body: []))
        #expect(!check.isAuthorized(header: { $0 == "Authorization" ? "Basic s3cret-token" : nil }, body: []))
        #expect(!check.isAuthorized(header: { _ in nil }, body: []))
    }

    @Test("an HMAC-SHA256 signature of the raw body, after its prefix, in either hex case")
    func hmacSHA256() throws {
        let check = try authenticator(.hmac(header: "X-Signature", algorithm: .sha256, prefix: "sha256=", secret: .file("secret")), secret: "key")
        let body = Array("{\"a\":1}".utf8)
        let signature = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array("key".utf8)))
        let hex = signature.map { String(format: "%02x", $0) }.joined()
        #expect(check.needsBody)
        #expect(check.isAuthorized(header: { $0 == "X-Signature" ? "sha256=\(hex)" : nil }, body: body))
        #expect(check.isAuthorized(header: { $0 == "X-Signature" ? "sha256=\(hex.uppercased())" : nil }, body: body))
        #expect(!check.isAuthorized(header: { $0 == "X-Signature" ? hex : nil }, body: body), "the prefix is required")
        #expect(!check.isAuthorized(header: { $0 == "X-Signature" ? "sha256=\(hex)" : nil }, body: body + [0x20]), "the body is signed")
        #expect(!check.isAuthorized(header: { $0 == "X-Signature" ? "sha256=zz" : nil }, body: body))
    }

    @Test("an HMAC-SHA512 signature")
    func hmacSHA512() throws {
        let check = try authenticator(.hmac(header: "X-Hub-Signature", algorithm: .sha512, prefix: "", secret: .file("secret")), secret: "key")
        let body = Array("payload".utf8)
        let hex = HMAC<SHA512>.authenticationCode(for: body, using: SymmetricKey(data: Array("key".utf8))).map { String(format: "%02x", $0) }.joined()
        #expect(check.isAuthorized(header: { $0 == "X-Hub-Signature" ? hex : nil }, body: body))
        #expect(!check.isAuthorized(header: { $0 == "X-Hub-Signature" ? String(hex.dropLast(2)) : nil }, body: body))
    }

    @Test("the credentials a sender attaches are accepted, and fail for another body", arguments: [
        AdapterDefinition.Webhook.Auth.bearer(.file("secret")),
        .hmac(header: "X-Signature", algorithm: .sha256, prefix: "sha256=", secret: .file("secret")),
        .hmac(header: "X-Sig", algorithm: .sha512, prefix: "", secret: .file("secret")),
    ])
    func senderCredentials(_ auth: AdapterDefinition.Webhook.Auth) throws {
        let check = try authenticator(auth, secret: "shared-secret")
        let body = Array(#"{"type":"progress_check"}"#.utf8)
        let (name, value) = check.credentials(for: body)
        #expect(check.isAuthorized(header: { $0 == name ? value : nil }, body: body))
        if check.needsBody {
            #expect(!check.isAuthorized(header: { $0 == name ? value : nil }, body: body + [32]))
            #expect(value.hasPrefix(name == "X-Signature" ? "sha256=" : ""))
        }
    }

    @Test("constant-time comparison and hex decoding")
    func primitives() {
        #expect(WebhookAuthenticator.constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!WebhookAuthenticator.constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!WebhookAuthenticator.constantTimeEquals([1, 2], [1, 2, 3]))
        #expect(WebhookAuthenticator.hexBytes("00ff7A") == [0x00, 0xFF, 0x7A])
        #expect(WebhookAuthenticator.hexBytes("abc") == nil)
        #expect(WebhookAuthenticator.hexBytes("") == nil)
    }

    @Test("a missing secret is a start-up error")
    func missingSecret() {
        #expect(throws: (any Error).self) {
            try WebhookAuthenticator(.bearer(.environment("EYHUB_TEST_SECRET_THAT_IS_NOT_SET")), relativeTo: directory)
        }
    }
}
