import Foundation
import HubRuntime
import Kafka
import Testing
import Yams

/// docker-compose.yml is the production deployment; it cannot run here (no Docker engine), so
/// these tests keep it consistent with itself and with the code.
@Suite("docker-compose.yml")
struct DeploymentTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func compose() throws -> [String: Any] {
        let text = try String(contentsOf: Self.root.appendingPathComponent("docker-compose.yml"), encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    func services() throws -> [String: [String: Any]] {
        try #require(try compose()["services"] as? [String: [String: Any]])
    }

    @Test("it has Kafka, the topic creator and a service per hub stage")
    func servicesPresent() throws {
        let names = Set(try services().keys)
        #expect(names.isSuperset(of: ["kafka", "topics", "adapter", "resolver", "router", "correlator"]))
    }

    @Test("the resolver keys child ids by a declared Docker secret and loads the model the image ships")
    func resolverSecretAndModel() throws {
        let resolver = try #require(try services()["resolver"])
        let command = try #require(resolver["command"] as? [String])
        #expect(Array(command.prefix(2)) == ["eyhub", "resolve"])
        let secretPath = try #require(command.firstIndex(of: "--child-id-secret-file").map { command[$0 + 1] })
        let secretName = String(secretPath.dropFirst("/run/secrets/".count))
        #expect(secretPath.hasPrefix("/run/secrets/") && (resolver["secrets"] as? [String]) == [secretName])
        let declared = try #require(try compose()["secrets"] as? [String: [String: Any]])
        #expect(declared[secretName]?["file"] as? String == "./secrets/child-id.secret")
        // The image copies models/ to /usr/share/eyhub/models.
        let model = try #require(command.firstIndex(of: "--model").map { command[$0 + 1] })
        #expect(model.hasPrefix("/usr/share/eyhub/models/"))
        let shipped = Self.root.appendingPathComponent("models").appendingPathComponent(String(model.dropFirst("/usr/share/eyhub/models/".count)))
        #expect(FileManager.default.fileExists(atPath: shipped.path), "\(shipped.path) is in the repository")
        let dockerfile = try String(contentsOf: Self.root.appendingPathComponent("Dockerfile"), encoding: .utf8)
        #expect(dockerfile.contains("COPY models /usr/share/eyhub/models"))
    }

    @Test("every service it depends on exists, and every named volume is declared")
    func referencesResolve() throws {
        let services = try services()
        let volumes = Set(((try compose()["volumes"] as? [String: Any]) ?? [:]).keys)
        for (name, service) in services {
            let dependencies: [String] = switch service["depends_on"] {
            case let map as [String: Any]: Array(map.keys)
            case let list as [String]: list
            default: []
            }
            for dependency in dependencies {
                #expect(services[dependency] != nil, "\(name) depends on missing service \(dependency)")
            }
            for mount in (service["volumes"] as? [String]) ?? [] {
                let source = String(mount.prefix { $0 != ":" })
                if !source.hasPrefix(".") && !source.hasPrefix("/") {
                    #expect(volumes.contains(source), "\(name) mounts undeclared volume \(source)")
                }
            }
        }
    }

    @Test("Kafka runs in KRaft mode without automatic topic creation")
    func kraft() throws {
        let kafka = try #require(try services()["kafka"])
        let environment = try #require(kafka["environment"] as? [String: Any])
        #expect("\(environment["KAFKA_PROCESS_ROLES"] ?? "")".contains("controller"))
        #expect(environment["KAFKA_CONTROLLER_QUORUM_VOTERS"] != nil)
        #expect("\(environment["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] ?? "")" == "false")
    }

    @Test("the topic creator makes exactly the hub's core topics, with the same configs")
    func topicsMatchTheCatalog() throws {
        let topics = try #require(try services()["topics"])
        let script = ((topics["command"] as? [String]) ?? []).joined(separator: "\n")
        var created: [String: [String: String]] = [:]
        var partitions: [String: String] = [:]
        for line in script.split(separator: "\n") where line.contains("--topic") {
            let words = line.split(separator: " ").map(String.init)
            guard let index = words.firstIndex(of: "--topic"), index + 1 < words.count else { continue }
            var configs: [String: String] = [:]
            for (position, word) in words.enumerated() where word == "--config" && position + 1 < words.count {
                let pair = words[position + 1].split(separator: "=", maxSplits: 1).map(String.init)
                configs[pair[0]] = pair[1]
            }
            created[words[index + 1]] = configs
            if let at = words.firstIndex(of: "--partitions"), at + 1 < words.count { partitions[words[index + 1]] = words[at + 1] }
        }
        let catalog = Dictionary(uniqueKeysWithValues: HubTopics.core().map { ($0.name, $0.config) })
        #expect(Set(created.keys) == Set(catalog.keys))
        for (name, config) in catalog {
            #expect(created[name] == config, "configs of \(name)")
        }
        // A topic the catalog fixes at one partition (the audit log: one order, one tree) is made so.
        for name in HubTopics.singlePartition {
            #expect(partitions[name] == "1", "partitions of \(name)")
        }
    }

    @Test("the router runs, outside any profile, under the agreements the image ships from policies/")
    func routerPolicies() throws {
        let router = try #require(try services()["router"])
        #expect(router["profiles"] == nil)
        let command = try #require(router["command"] as? [String])
        #expect(Array(command.prefix(2)) == ["eyhub", "route"])
        #expect(command.firstIndex(of: "--policies").map { command[$0 + 1] } == "/usr/share/eyhub/policies")
        #expect(command.firstIndex(of: "--broker-profile").map { command[$0 + 1] } == "kafka")
        let dockerfile = try String(contentsOf: Self.root.appendingPathComponent("Dockerfile"), encoding: .utf8)
        #expect(dockerfile.contains("COPY policies /usr/share/eyhub/policies"))
        let policies = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("policies").path)
        #expect(policies.filter { $0.hasSuffix(".yaml") }.count >= 3)
    }

    @Test("each stage runs eyhub against the in-network broker after the topics exist")
    func stagesWired() throws {
        let services = try services()
        for stage in ["adapter", "resolver", "router", "correlator"] {
            let service = try #require(services[stage])
            let command = try #require(service["command"] as? [String])
            #expect(command.first == "eyhub")
            let environment = try #require(service["environment"] as? [String: Any])
            #expect("\(environment["EYHUB_BOOTSTRAP_SERVERS"] ?? "")" == "kafka:9092")
            let dependencies = try #require(service["depends_on"] as? [String: [String: String]])
            #expect(dependencies["topics"]?["condition"] == "service_completed_successfully")
            #expect(dependencies["kafka"]?["condition"] == "service_healthy")
        }
    }

    @Test("the adapter service runs a real adapter folder, with the schema the image ships")
    func adapterService() throws {
        let service = try #require(try services()["adapter"])
        let command = try #require(service["command"] as? [String])
        #expect(Array(command.prefix(3)) == ["eyhub", "adapter", "run"])
        let folder = try #require(command.dropFirst(3).first)
        #expect(folder.hasPrefix("/etc/eyhub/adapters/"))
        let adapter = Self.root.appendingPathComponent("adapters").appendingPathComponent(String(folder.dropFirst("/etc/eyhub/adapters/".count)))
        #expect(FileManager.default.fileExists(atPath: adapter.appendingPathComponent("adapter.yaml").path))
        let schema = try #require(command.firstIndex(of: "--schema").map { command[$0 + 1] })
        let dockerfile = try String(contentsOf: Self.root.appendingPathComponent("Dockerfile"), encoding: .utf8)
        #expect(schema.hasPrefix("/usr/share/eyhub/schemas/") && dockerfile.contains("COPY schemas /usr/share/eyhub/schemas"))
        let volumes = try #require(service["volumes"] as? [String])
        #expect(volumes.contains("./adapters:/etc/eyhub/adapters:ro") && volumes.contains("./mappings:/etc/eyhub/mappings:ro"))
    }
}
