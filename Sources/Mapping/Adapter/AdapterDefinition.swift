import Foundation

/// An adapter (`adapters/<name>/adapter.yaml`): which mapping it runs and how records reach it.
public struct AdapterDefinition: Sendable {
    /// Lower-case letters, digits and hyphens; it names the adapter's topics (`eyh.raw.<name>.v1`).
    public var name: String
    public var description: String?
    /// The adapter folder.
    public var directory: URL
    /// The mapping file, resolved against the adapter folder.
    public var mapping: URL
    public var transport: Transport
    /// Whether each input is also copied, unchanged, to `eyh.raw.<name>.v1` (never for `raw_topic`,
    /// which reads that topic).
    public var rawCopy: Bool

    public enum Transport: Sendable {
        case fileDrop(FileDrop)
        case webhook(Webhook)
        case rawTopic(RawTopic)

        public var name: String {
            switch self {
            case .fileDrop: "file_drop"
            case .webhook: "webhook"
            case .rawTopic: "raw_topic"
            }
        }
    }

    /// Files written (then renamed) into a directory; each moves to `done/` or `failed/`.
    public struct FileDrop: Sendable {
        /// Where files arrive, relative to the working directory unless absolute.
        public var directory: String
        /// Shell-style suffix filter such as `*.json`; files starting with `.` are never read.
        public var pattern: String
        public var pollIntervalMilliseconds: Int
        public var maxFileBytes: Int
    }

    /// Records POSTed over HTTP.
    public struct Webhook: Sendable {
        public var host: String
        public var port: Int
        public var path: String
        public var auth: Auth
        public var maxBodyBytes: Int

        public enum Auth: Sendable {
            /// `Authorization: Bearer <token>`, the token read from a file or an environment variable.
            case bearer(Secret)
            /// A hex HMAC of the raw body in `header`, optionally after a prefix such as `sha256=`.
            case hmac(header: String, algorithm: HMACAlgorithm, prefix: String, secret: Secret)
        }

        public enum HMACAlgorithm: String, Sendable, CaseIterable {
            case sha256, sha512
        }
    }

    /// Where a secret is kept; the adapter file never holds one.
    public enum Secret: Sendable, Hashable {
        case file(String)
        case environment(String)

        /// Reads the secret, trimming one trailing newline.
        public func read(relativeTo directory: URL) throws -> String {
            let value: String?
            switch self {
            case .file(let path):
                let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
                value = FileManager.default.contents(atPath: url.path).map { String(decoding: $0, as: UTF8.self) }
            case .environment(let name):
                value = ProcessInfo.processInfo.environment[name]
            }
            guard var secret = value, !secret.isEmpty else { throw SecretError(secret: self) }
            while secret.last == "\n" || secret.last == "\r" { secret.removeLast() }
            return secret
        }
    }

    public struct SecretError: Error, CustomStringConvertible {
        public var secret: Secret
        public var description: String {
            switch secret {
            case .file(let path): "the secret file \(path) is missing or empty"
            case .environment(let name): "the environment variable \(name) is not set"
            }
        }
    }

    /// A system that already publishes its own records to `eyh.raw.<name>.v1`.
    public struct RawTopic: Sendable {
        public var groupID: String
    }

    public var rawTopic: String { "eyh.raw.\(name).v1" }
    public var deadLetterTopic: String { "eyh.dlq.\(name).v1" }
    public var fixturesInput: URL { directory.appendingPathComponent("fixtures/in") }
    public var fixturesExpected: URL { directory.appendingPathComponent("fixtures/expected") }
}
