import Logging
import Testing

@testable import Kafka

@Suite("Client configuration")
struct ConfigurationTests {
    let client = ClientConfiguration(bootstrapServers: ["127.0.0.1:1"])
    let logger = Logger(label: "test")

    @Test("an unknown property is rejected with an error that names it")
    func unknownPropertyNamed() throws {
        var client = self.client
        client.additionalProperties["no.such.property"] = "1"
        let error = try #require(throws: KafkaError.self) {
            _ = try KafkaProducer(configuration: ProducerConfiguration(client: client), logger: logger)
        }
        #expect(error.category == .configuration)
        #expect(error.property == "no.such.property")
        #expect(error.description.contains("no.such.property"))
    }

    @Test("an invalid value is rejected with an error that names the property")
    func invalidValueNamed() throws {
        var client = self.client
        client.additionalProperties["session.timeout.ms"] = "not-a-number"
        let error = try #require(throws: KafkaError.self) {
            _ = try KafkaConsumer(configuration: ConsumerConfiguration(client: client, groupID: "g"), logger: logger)
        }
        #expect(error.category == .configuration)
        #expect(error.property == "session.timeout.ms")
    }

    @Test("a contradictory combination is rejected when the client is created")
    func contradictoryCombination() throws {
        var client = self.client
        client.additionalProperties["acks"] = "1"
        let error = try #require(throws: KafkaError.self) {
            _ = try KafkaProducer(configuration: ProducerConfiguration(client: client, idempotent: true), logger: logger)
        }
        #expect(error.category == .configuration)
        #expect(error.message.contains("acks") || error.property == "acks")
    }

    @Test("the values of secret properties never appear in errors")
    func secretsRedacted() {
        for key in ["sasl.password", "ssl.key.password", "ssl.keystore.password", "sasl.oauthbearer.config"] {
            #expect(RDKafkaConfig.isSensitive(key), "\(key) is sensitive")
        }
        #expect(!RDKafkaConfig.isSensitive("bootstrap.servers"))
        let sasl = SASLConfiguration(mechanism: .scramSHA512, username: "hub", password: "s3cret-value")
        #expect(!sasl.description.contains("s3cret-value"))
        #expect(!"\(sasl)".contains("s3cret-value"))
    }

    @Test("TLS and SASL settings reach librdkafka and a producer accepts them")
    func securedClientAccepted() throws {
        var client = self.client
        client.securityProtocol = .saslSSL
        client.tls = TLSConfiguration(caLocation: nil, verifyHostname: true)
        client.sasl = SASLConfiguration(mechanism: .scramSHA256, username: "hub", password: "pw")
        let properties = Dictionary(client.properties, uniquingKeysWith: { $1 })
        #expect(properties["security.protocol"] == "sasl_ssl")
        #expect(properties["sasl.mechanisms"] == "SCRAM-SHA-256")
        #expect(properties["ssl.endpoint.identification.algorithm"] == "https")
        let producer = try KafkaProducer(configuration: ProducerConfiguration(client: client), logger: logger)
        _ = producer
    }

    @Test("producers are idempotent with acks=all by default, and pass-through properties win")
    func producerDefaults() {
        let defaults = Dictionary(ProducerConfiguration(client: client).properties, uniquingKeysWith: { $1 })
        #expect(defaults["enable.idempotence"] == "true")
        #expect(defaults["acks"] == "all")
        var client = self.client
        client.additionalProperties["linger.ms"] = "50"
        let overridden = Dictionary(ProducerConfiguration(client: client, lingerMilliseconds: 5).properties, uniquingKeysWith: { $1 })
        #expect(overridden["linger.ms"] == "50")
    }

    @Test("a transactional producer never lets a record outlive its transaction")
    func transactionalTimeouts() {
        let configuration = TransactionalProducerConfiguration(
            producer: ProducerConfiguration(client: client, idempotent: false, deliveryTimeoutMilliseconds: 300_000),
            transactionalID: "stage-0", transactionTimeoutMilliseconds: 60_000)
        let properties = Dictionary(configuration.properties, uniquingKeysWith: { $1 })
        #expect(properties["transactional.id"] == "stage-0")
        #expect(properties["enable.idempotence"] == "true")
        #expect(properties["message.timeout.ms"] == "60000")
    }

    @Test("consumers read committed data, commit explicitly and can use static membership")
    func consumerDefaults() {
        let properties = Dictionary(
            ConsumerConfiguration(client: client, groupID: "g", groupInstanceID: "g-0").properties, uniquingKeysWith: { $1 })
        #expect(properties["isolation.level"] == "read_committed")
        #expect(properties["enable.auto.commit"] == "false")
        #expect(properties["enable.auto.offset.store"] == "false")
        #expect(properties["group.instance.id"] == "g-0")
    }

    @Test("the embedded profile raises the receive limit; the production default does not")
    func embeddedProfileOnly() {
        let embedded = Dictionary(ClientConfiguration.embedded(bootstrapServers: ["b:1"]).properties, uniquingKeysWith: { $1 })
        let production = Dictionary(ClientConfiguration(bootstrapServers: ["b:1"]).properties, uniquingKeysWith: { $1 })
        #expect(embedded["receive.message.max.bytes"] == "1000000000")
        #expect(production["receive.message.max.bytes"] == nil)
    }
}
