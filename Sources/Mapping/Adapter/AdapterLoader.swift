import Foundation
import Yams

/// Reads `adapter.yaml`, reporting every problem with its file and line.
public enum AdapterLoader {
    /// Loads `<directory>/adapter.yaml`.
    public static func load(directory: URL) throws(MappingError) -> AdapterDefinition {
        let file = directory.appendingPathComponent("adapter.yaml")
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw MappingError(file: file.path, line: nil, field: "-", reason: "the file cannot be read; an adapter folder holds adapter.yaml")
        }
        return try load(yaml: String(decoding: data, as: UTF8.self), file: file.path, directory: directory)
    }

    public static func load(yaml: String, file: String, directory: URL) throws(MappingError) -> AdapterDefinition {
        let reader = Reader(file: file)
        return try reader.adapter(try reader.compose(yaml), directory: directory)
    }
}

extension Reader {
    func adapter(_ root: Node, directory: URL) throws(MappingError) -> AdapterDefinition {
        let keys = try mapping(root, "adapter", allowed: ["name", "description", "mapping", "transport", "file_drop", "webhook", "raw_topic", "raw_copy"])
        let name = try string(keys["name"], "name")
        guard !name.isEmpty, name.count <= 100, name.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }) else {
            throw fail(keys["name"], "name", "a name is lower-case letters, digits and hyphens; it names the adapter's topics")
        }
        let mappingPath = try string(keys["mapping"], "mapping")
        let mappingURL = mappingPath.hasPrefix("/") ? URL(fileURLWithPath: mappingPath) : directory.appendingPathComponent(mappingPath).standardizedFileURL
        let transportName = try string(keys["transport"], "transport")
        let transport: AdapterDefinition.Transport
        switch transportName {
        case "file_drop": transport = .fileDrop(try fileDrop(keys["file_drop"], name: name))
        case "webhook": transport = .webhook(try webhook(keys["webhook"]))
        case "raw_topic": transport = .rawTopic(try rawTopic(keys["raw_topic"], name: name))
        default: throw fail(keys["transport"], "transport", "expected file_drop, webhook or raw_topic")
        }
        for other in ["file_drop", "webhook", "raw_topic"] where other != transportName && keys[other] != nil {
            throw fail(keys[other], other, "settings for a transport this adapter does not use (transport is \(transportName))")
        }
        var rawCopy = try keys["raw_copy"].map { node throws(MappingError) in try bool(node, "raw_copy") } ?? true
        if case .rawTopic = transport {
            if keys["raw_copy"] != nil, rawCopy { throw fail(keys["raw_copy"], "raw_copy", "a raw_topic adapter reads the raw topic; it cannot also copy to it") }
            rawCopy = false
        }
        return AdapterDefinition(
            name: name, description: try keys["description"].map { node throws(MappingError) in try string(node, "description") },
            directory: directory, mapping: mappingURL, transport: transport, rawCopy: rawCopy)
    }

    private func positive(_ node: Node?, _ field: String, default value: Int) throws(MappingError) -> Int {
        guard let node else { return value }
        guard let number = node.int, number > 0 else { throw fail(node, field, "expected a whole number above zero") }
        return number
    }

    private func fileDrop(_ node: Node?, name: String) throws(MappingError) -> AdapterDefinition.FileDrop {
        let keys = try node.map { node throws(MappingError) in try mapping(node, "file_drop", allowed: ["directory", "pattern", "poll_interval_ms", "max_file_bytes"]) } ?? [:]
        let pattern = try keys["pattern"].map { node throws(MappingError) in try string(node, "file_drop.pattern") } ?? "*"
        guard pattern == "*" || (pattern.hasPrefix("*.") && !pattern.dropFirst().contains("*")) else {
            throw fail(keys["pattern"], "file_drop.pattern", "a pattern is * or *.<extension>")
        }
        return AdapterDefinition.FileDrop(
            directory: try keys["directory"].map { node throws(MappingError) in try string(node, "file_drop.directory") } ?? ".eyhub/adapters/\(name)/drop",
            pattern: pattern,
            pollIntervalMilliseconds: try positive(keys["poll_interval_ms"], "file_drop.poll_interval_ms", default: 500),
            maxFileBytes: try positive(keys["max_file_bytes"], "file_drop.max_file_bytes", default: 64 << 20))
    }

    private func webhook(_ node: Node?) throws(MappingError) -> AdapterDefinition.Webhook {
        guard let node else { throw fail(nil, "webhook", "a webhook adapter needs webhook settings (listen, path, auth)") }
        let keys = try mapping(node, "webhook", allowed: ["listen", "path", "auth", "max_body_bytes"])
        let listen = try string(keys["listen"], "webhook.listen")
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port) else {
            throw fail(keys["listen"], "webhook.listen", "expected host:port, such as 127.0.0.1:8461")
        }
        let path = try keys["path"].map { node throws(MappingError) in try string(node, "webhook.path") } ?? "/records"
        guard path.hasPrefix("/") else { throw fail(keys["path"], "webhook.path", "a path starts with /") }
        guard let authNode = keys["auth"] else { throw fail(node, "webhook.auth", "required: a webhook never accepts unauthenticated records (bearer or hmac)") }
        let auth = try mapping(authNode, "webhook.auth", allowed: ["bearer", "hmac"])
        let method: AdapterDefinition.Webhook.Auth
        if let bearer = auth["bearer"], auth["hmac"] == nil {
            _ = try mapping(bearer, "webhook.auth.bearer", allowed: ["secret_file", "secret_env"])
            method = .bearer(try secret(bearer, "webhook.auth.bearer"))
        } else if let hmac = auth["hmac"], auth["bearer"] == nil {
            let options = try mapping(hmac, "webhook.auth.hmac", allowed: ["header", "algorithm", "prefix", "secret_file", "secret_env"])
            let algorithmText = try options["algorithm"].map { node throws(MappingError) in try string(node, "webhook.auth.hmac.algorithm") } ?? "sha256"
            guard let algorithm = AdapterDefinition.Webhook.HMACAlgorithm(rawValue: algorithmText) else {
                throw fail(options["algorithm"], "webhook.auth.hmac.algorithm", "expected sha256 or sha512")
            }
            method = .hmac(
                header: try string(options["header"], "webhook.auth.hmac.header"), algorithm: algorithm,
                prefix: try options["prefix"].map { node throws(MappingError) in try string(node, "webhook.auth.hmac.prefix") } ?? "",
                secret: try secret(hmac, "webhook.auth.hmac"))
        } else {
            throw fail(authNode, "webhook.auth", "expected exactly one of bearer or hmac")
        }
        return AdapterDefinition.Webhook(
            host: String(listen[..<colon]), port: port, path: path, auth: method,
            maxBodyBytes: try positive(keys["max_body_bytes"], "webhook.max_body_bytes", default: 1 << 20))
    }

    private func secret(_ node: Node, _ field: String) throws(MappingError) -> AdapterDefinition.Secret {
        let keys = node.mapping.map { mapping in
            Dictionary(mapping.compactMap { key, value in key.string.map { ($0, value) } }, uniquingKeysWith: { first, _ in first })
        } ?? [:]
        if let file = keys["secret_file"]?.string, keys["secret_env"] == nil { return .file(file) }
        if let variable = keys["secret_env"]?.string, keys["secret_file"] == nil { return .environment(variable) }
        throw fail(node, field, "name the secret with exactly one of secret_file or secret_env; never write it here")
    }

    private func rawTopic(_ node: Node?, name: String) throws(MappingError) -> AdapterDefinition.RawTopic {
        let keys = try node.map { node throws(MappingError) in try mapping(node, "raw_topic", allowed: ["group_id"]) } ?? [:]
        return AdapterDefinition.RawTopic(
            groupID: try keys["group_id"].map { node throws(MappingError) in try string(node, "raw_topic.group_id") } ?? "eyh.adapter.\(name)")
    }
}
