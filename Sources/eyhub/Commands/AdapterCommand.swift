import Adapters
import ArgumentParser
import Foundation
import Mapping
import ServiceLifecycle

/// `eyhub adapter run <dir>`: one adapter as a daemon.
struct AdapterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adapter", abstract: "Run adapters: source records in, canonical events out.", subcommands: [Run.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the adapter in a folder (adapter.yaml) until SIGTERM or SIGINT.",
            discussion: """
            Events go to eyh.events.v1, copies of each input to eyh.raw.<adapter>.v1 (raw_copy), rejected input to \
            eyh.dlq.<adapter>.v1; missing topics are created at start-up. See docs/adapter-daemon.md.
            """)

        @Argument(help: "The adapter folder (holding adapter.yaml).") var adapter: String
        @Flag(help: "File drop only: publish the files waiting now, then exit (status 1 if any had to stay).") var once = false
        @Option(help: "Seconds a record may wait for the broker's acknowledgement (default 60 for file drop, 10 for webhook).")
        var deliveryTimeout: Int?
        @Option(help: "Raw topic only: this instance's stable id (transactional id and static group membership).")
        var instance = "0"
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var logging: LoggingOptions
        @OptionGroup var schema: MappingCommand.SchemaOption

        func validate() throws {
            if let deliveryTimeout, deliveryTimeout <= 0 { throw ValidationError("--delivery-timeout must be above zero") }
        }

        func run() async throws {
            let logger = logging.bootstrap()
            let catalog = try schema.catalog()
            let definition = try AdapterLoader.load(directory: URL(fileURLWithPath: adapter, isDirectory: true))
            let mapping = try MappingLoader.load(contentsOf: definition.mapping, catalog: catalog)
            let settings = AdapterSettings(
                client: try connection.clientConfiguration(clientID: "eyhub-adapter-\(definition.name)"), once: once,
                deliveryTimeout: deliveryTimeout.map { .seconds($0) }, instance: instance)
            let daemon: AdapterDaemon
            do {
                daemon = try AdapterDaemon(
                    definition: definition, engine: MappingEngine(definition: mapping, catalog: catalog, adapter: definition.name),
                    settings: settings, logger: logger)
            } catch {
                throw ValidationError(error.description)
            }
            // With --once the daemon returns by itself: that ends the group normally.
            let group = ServiceGroup(configuration: ServiceGroupConfiguration(
                services: [.init(service: daemon, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            do {
                try await group.run()
            } catch let incomplete as FileDropIncomplete {
                FileHandle.standardError.write(Data("error: \(incomplete)\n".utf8))
                throw ExitCode(1)
            }
            print("adapter \(definition.name) stopped")
        }
    }
}
