import Adapters
import EarlyYearsSchema
import Foundation
import HubRuntime
import Kafka
import Mapping

/// A throw-away adapter folder in a temporary directory: a unique adapter name (so its raw and
/// dead-letter topics are its own), the repository's Sunny Days CSV mapping, and a drop folder.
struct AdapterFixture {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let schema = repository.appendingPathComponent("schemas/early-years-event.v1.schema.json")
    static let mapping = repository.appendingPathComponent("mappings/nursery-csv-sunny-days.yaml")

    let name: String
    let directory: URL
    /// The version of the repository mapping, as headers and reports carry it.
    let mappingVersion: String
    var drop: URL { directory.appendingPathComponent("drop") }

    /// `transport` is the adapter.yaml text after `transport:`, with `{drop}` standing for the drop folder.
    init(_ label: String, transport: String) throws {
        name = "test-\(label)-\(UUID().uuidString.prefix(8).lowercased())"
        mappingVersion = try MappingLoader.load(contentsOf: Self.mapping, catalog: try SchemaCatalog(contentsOf: Self.schema)).version
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("eyhub-\(name)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let yaml = """
            name: \(name)
            mapping: \(Self.mapping.path)
            transport: \(transport.replacingOccurrences(of: "{drop}", with: drop.path))

            """
        try Data(yaml.utf8).write(to: directory.appendingPathComponent("adapter.yaml"))
    }

    var definition: AdapterDefinition {
        get throws { try AdapterLoader.load(directory: directory) }
    }

    func engine() throws -> MappingEngine {
        let catalog = try SchemaCatalog(contentsOf: Self.schema)
        return MappingEngine(definition: try MappingLoader.load(contentsOf: Self.mapping, catalog: catalog), catalog: catalog, adapter: name)
    }

    /// The daemon, in this process, on the test broker.
    func daemon(once: Bool = false, client: ClientConfiguration? = nil, deliveryTimeout: Duration? = nil) async throws -> AdapterDaemon {
        let client = if let client { client } else { try await TestBroker.client() }
        let settings = AdapterSettings(client: client, once: once, deliveryTimeout: deliveryTimeout, partitions: 3)
        return try AdapterDaemon(definition: try definition, engine: try engine(), settings: settings, logger: testLogger)
    }

    /// What the engine makes of `text`, as the daemon would publish it.
    func expected(_ text: String) throws -> MappedDocument {
        DocumentMapper(adapter: name, engine: try engine(), rawCopy: false).map(Array(text.utf8), origin: .init(name: "expected"))
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Sunny Days export rows: `count` children on roll, ids `<prefix>-<n>`.
/// The header row of the nursery exports below.
let nurseryHeader = "child_id,nhs_number,child_name,Child DOB,postcode,status,start,leaving,funding,hours,eypp,daf,sen,updated"

func nurseryExport(prefix: String, rows count: Int, extra: [String] = []) -> String {
    let header = nurseryHeader
    let rows = (0..<count).map { "\(prefix)-\($0),,Child \(prefix) Number\($0),2023-03-05,LS6 2QT,active,04/09/2025,,30 extended,30,N,N,none,01/09/2025 09:31" }
    return ([header] + rows + extra).joined(separator: "\n") + "\n"
}

/// A row of a waiting child: no rule applies, so it is skipped.
let waitingRow = "W-1,,Baby Smith,01/02/2025,LS1 4AP,waiting,,,none,0,N,N,none,01/09/2025 10:00"
/// A row with a funding code the mapping does not know: its lookup rule fails.
let unknownFundingRow = "F-1,,Tom Green,2023-06-01,LS2 9JT,active,04/09/2025,,45 premium,45,N,N,none,01/09/2025 11:00"
/// A CSV file whose quote never closes: the parser rejects it whole.
let unparseableCSV = "child_id,nhs_number,child_name\nC009,\"unterminated,Someone\n"

/// Every record on `topics` from the beginning, read committed: waits up to 30 s for the first
/// (joining the group takes a moment), then reads until nothing new comes for `quietPeriod`.
func readAll(_ topics: [String], quietPeriod: Duration = .seconds(3)) async throws -> [KafkaMessage] {
    let reader = try await makeConsumer(group: "check-\(UUID().uuidString)")
    try reader.subscribe(topics: topics)
    var messages = await collect(1, from: reader, idleTimeout: .seconds(30))
    messages += await drain(reader, quietPeriod: quietPeriod)
    await reader.close()
    return messages
}

extension KafkaMessage {
    func header(_ name: String) -> String? { headers.string(named: name) }
}
