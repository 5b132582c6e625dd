import CRdKafka

/// Builds an `rd_kafka_conf_t` from key/value pairs, turning librdkafka's refusals into
/// ``KafkaError/Category/configuration`` errors that name the offending key.
enum RDKafkaConfig {
    /// Returns an owned `rd_kafka_conf_t *`; the caller hands it to `rd_kafka_new` or destroys it.
    static func make(_ properties: [(key: String, value: String)]) throws(KafkaError) -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(category: .configuration, message: "librdkafka could not allocate a configuration")
        }
        for (key, value) in properties {
            do throws(KafkaError) {
                try set(conf, key: key, value: value)
            } catch {
                rd_kafka_conf_destroy(conf)
                throw error
            }
        }
        return conf
    }

    static func set(_ conf: OpaquePointer, key: String, value: String) throws(KafkaError) {
        var errstr = [CChar](repeating: 0, count: 512)
        let result = rd_kafka_conf_set(conf, key, value, &errstr, errstr.count)
        switch result {
        case RD_KAFKA_CONF_OK:
            return
        case RD_KAFKA_CONF_UNKNOWN:
            throw KafkaError(
                category: .configuration,
                message: "unknown configuration property '\(key)'; check the spelling against librdkafka's CONFIGURATION.md",
                property: key)
        default:
            let detail = isSensitive(key)
                ? "invalid value for '\(key)' (value not shown)"
                : String(cBuffer: errstr)
            throw KafkaError(category: .configuration, message: detail, property: key)
        }
    }

    /// Keys whose values must never appear in an error or log.
    static func isSensitive(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return ["password", "secret", "sasl.oauthbearer.config", "ssl.key.pem", "ssl_key", "ssl.keystore"]
            .contains { lowered.contains($0) }
    }
}

extension String {
    /// Decodes a NUL-terminated C string that librdkafka wrote into a fixed-size buffer.
    init(cBuffer buffer: [CChar]) {
        self.init(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
