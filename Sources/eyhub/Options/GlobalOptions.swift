import ArgumentParser
import Foundation
import HubRuntime
import Kafka
import Logging

/// How to reach the brokers, shared by every command that talks to Kafka.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .customLong("bootstrap-servers"), help: "Comma-separated host:port list (env EYHUB_BOOTSTRAP_SERVERS).")
    var bootstrapServers: String = ProcessInfo.processInfo.environment["EYHUB_BOOTSTRAP_SERVERS"] ?? "127.0.0.1:9092"

    @Option(help: "Broker profile: 'embedded' (noida-db, development and tests) or 'kafka' (Apache Kafka).")
    var brokerProfile: BrokerProfile = .embedded

    @Option(name: .customShort("X"), help: ArgumentHelp("Any librdkafka property as key=value (repeatable), e.g. -X security.protocol=sasl_ssl.", valueName: "key=value"))
    var properties: [String] = []

    @Option(help: ArgumentHelp(
        "A librdkafka property whose value is read from a file, such as sasl.password=/run/secrets/kafka (repeatable); keeps secrets off the command line.",
        valueName: "key=path"))
    var secretFile: [String] = []

    enum BrokerProfile: String, ExpressibleByArgument, CaseIterable {
        case embedded, kafka
    }

    func clientConfiguration(clientID: String = "eyhub") throws -> ClientConfiguration {
        let servers = bootstrapServers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var configuration = brokerProfile == .embedded
            ? ClientConfiguration.embedded(bootstrapServers: servers, clientID: clientID)
            : ClientConfiguration(bootstrapServers: servers, clientID: clientID)
        for property in properties {
            let (key, value) = try Self.split(property, option: "-X")
            configuration.additionalProperties[key] = value
        }
        for property in secretFile {
            let (key, path) = try Self.split(property, option: "--secret-file")
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw ValidationError("--secret-file: cannot read \(path) for \(key)")
            }
            configuration.additionalProperties[key] = String(decoding: contents, as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return configuration
    }

    /// Splits `key=value`; the error names only the key, never the value.
    private static func split(_ property: String, option: String) throws -> (String, String) {
        guard let equals = property.firstIndex(of: "="), equals != property.startIndex else {
            throw ValidationError("\(option) expects key=value, got '\(property.prefix { $0 != "=" })'")
        }
        return (String(property[..<equals]), String(property[property.index(after: equals)...]))
    }
}

struct LoggingOptions: ParsableArguments {
    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .notice

    func bootstrap() -> Logger {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "eyhub")
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
