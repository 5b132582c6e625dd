/// Settings every Kafka client shares: where the brokers are and how to reach them securely.
///
/// The typed fields cover what operators set most often. Anything else librdkafka understands
/// goes in ``additionalProperties`` and is passed through unchanged; an unknown key or invalid
/// value is rejected when the client is created, with an error naming the key.
public struct ClientConfiguration: Sendable, Hashable {
    public var bootstrapServers: [String]
    public var clientID: String
    public var securityProtocol: SecurityProtocol
    public var tls: TLSConfiguration?
    public var sasl: SASLConfiguration?
    /// Any other librdkafka property, applied after (and so overriding) the typed fields.
    public var additionalProperties: [String: String]

    public init(
        bootstrapServers: [String], clientID: String = "eyhub", securityProtocol: SecurityProtocol = .plaintext,
        tls: TLSConfiguration? = nil, sasl: SASLConfiguration? = nil, additionalProperties: [String: String] = [:]
    ) {
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
        self.securityProtocol = securityProtocol
        self.tls = tls
        self.sasl = sasl
        self.additionalProperties = additionalProperties
    }

    /// The profile for the embedded development broker (noida-db).
    ///
    /// noida-db ignores the Fetch request's size limits and returns everything up to the end of
    /// the partition, so a consumer of a large backlog needs a very large
    /// `receive.message.max.bytes`. This is set here only, never as a production default.
    public static func embedded(bootstrapServers: [String], clientID: String = "eyhub") -> ClientConfiguration {
        ClientConfiguration(
            bootstrapServers: bootstrapServers, clientID: clientID,
            additionalProperties: ["receive.message.max.bytes": "1000000000"])
    }

    /// The properties to hand to librdkafka, in the order they are applied.
    public var properties: [(key: String, value: String)] {
        var list: [(key: String, value: String)] = [
            ("bootstrap.servers", bootstrapServers.joined(separator: ",")),
            ("client.id", clientID),
            ("security.protocol", securityProtocol.rawValue),
        ]
        if let tls { list += tls.properties }
        if let sasl { list += sasl.properties }
        list += additionalProperties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return list
    }
}

public enum SecurityProtocol: String, Sendable, Hashable, CaseIterable {
    case plaintext
    case ssl
    case saslPlaintext = "sasl_plaintext"
    case saslSSL = "sasl_ssl"
}

/// TLS to the brokers. Paths are files on this host; no key material is held in memory here.
public struct TLSConfiguration: Sendable, Hashable {
    /// CA certificate(s) used to verify the brokers (PEM file). `nil` uses the system store.
    public var caLocation: String?
    /// Client certificate for mutual TLS (PEM file).
    public var certificateLocation: String?
    /// Client private key for mutual TLS (PEM file).
    public var keyLocation: String?
    /// Whether the broker's host name must match its certificate. Leave on outside tests.
    public var verifyHostname: Bool

    public init(caLocation: String? = nil, certificateLocation: String? = nil, keyLocation: String? = nil, verifyHostname: Bool = true) {
        self.caLocation = caLocation
        self.certificateLocation = certificateLocation
        self.keyLocation = keyLocation
        self.verifyHostname = verifyHostname
    }

    var properties: [(key: String, value: String)] {
        var list: [(key: String, value: String)] = [
            ("ssl.endpoint.identification.algorithm", verifyHostname ? "https" : "none")
        ]
        if let caLocation { list.append(("ssl.ca.location", caLocation)) }
        if let certificateLocation { list.append(("ssl.certificate.location", certificateLocation)) }
        if let keyLocation { list.append(("ssl.key.location", keyLocation)) }
        return list
    }
}

/// SASL authentication to the brokers.
public struct SASLConfiguration: Sendable, Hashable {
    public enum Mechanism: String, Sendable, Hashable, CaseIterable {
        case plain = "PLAIN"
        case scramSHA256 = "SCRAM-SHA-256"
        case scramSHA512 = "SCRAM-SHA-512"
    }

    public var mechanism: Mechanism
    public var username: String
    public var password: String

    public init(mechanism: Mechanism, username: String, password: String) {
        self.mechanism = mechanism
        self.username = username
        self.password = password
    }

    var properties: [(key: String, value: String)] {
        [("sasl.mechanisms", mechanism.rawValue), ("sasl.username", username), ("sasl.password", password)]
    }
}

extension SASLConfiguration: CustomStringConvertible {
    /// Never prints the password.
    public var description: String { "SASL \(mechanism.rawValue) as \(username)" }
}
