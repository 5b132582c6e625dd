/// A FHIR message bundle (STU3 or R4), with the references between its resources resolvable.
public struct FHIRBundle: Sendable, Hashable {
    public enum Version: String, Sendable, Hashable {
        case stu3, r4
    }

    public struct Entry: Sendable, Hashable {
        /// The entry's `fullUrl`, such as `urn:uuid:…` or `https://…/Patient/123`.
        public let fullURL: String?
        public let resource: JSONValue
        /// The resource's `resourceType`, read once.
        public let resourceType: String?

        init(fullURL: String?, resource: JSONValue) {
            self.fullURL = fullURL
            self.resource = resource
            resourceType = resource["resourceType"]?.stringValue
        }
    }

    public let root: JSONValue
    public let entries: [Entry]
    /// STU3 message headers carry `event` (a Coding); R4 ones `eventCoding` or `eventUri`.
    public let version: Version
    /// The entries' positions by resource type, in bundle order: paths start with a type. Only
    /// for a bundle of more than ``entriesCompared`` entries; fewer are compared one by one.
    private let positionsByType: [String: [Int]]
    /// Up to this many entries, a type is quicker compared with every entry's than hashed.
    private static let entriesCompared = 16

    init(root: JSONValue, entries: [Entry], version: Version) {
        self.root = root
        self.entries = entries
        self.version = version
        var positions: [String: [Int]] = [:]
        if entries.count > Self.entriesCompared {
            for (position, entry) in entries.enumerated() {
                if let type = entry.resourceType { positions[type, default: []].append(position) }
            }
        }
        positionsByType = positions
    }

    /// The bundle's MessageHeader (by the FHIR rules, its first entry).
    public var messageHeader: JSONValue? { entries.first { $0.resourceType == "MessageHeader" }?.resource }

    /// The message's event code, such as DCH's `CH004`.
    public var eventCode: String? {
        guard let header = messageHeader else { return nil }
        return (header["event"] ?? header["eventCoding"])?["code"]?.stringValue
    }

    /// Every resource of this type, in bundle order.
    public func resources(ofType type: String) -> [JSONValue] {
        var resources: [JSONValue] = []
        forEachResource(ofType: type) { resources.append($0) }
        return resources
    }

    /// Calls `body` with every resource of this type, in bundle order.
    public func forEachResource(ofType type: String, _ body: (JSONValue) -> Void) {
        if entries.count <= Self.entriesCompared {
            for entry in entries where entry.resourceType == type { body(entry.resource) }
        } else {
            for position in positionsByType[type] ?? [] { body(entries[position].resource) }
        }
    }

    /// The resources the MessageHeader's `focus` points at.
    public var focus: [JSONValue] {
        (messageHeader?["focus"]?.arrayValue ?? []).compactMap { $0["reference"]?.stringValue.flatMap { resolve($0) } }
    }

    /// Resolves a reference: `#id` among `resource`'s contained resources, a full URL (such as
    /// `urn:uuid:…`) against the entries' `fullUrl`s, or a relative `Type/id` against the entries'
    /// types and ids (or the end of their `fullUrl`s). Returns `nil` when nothing matches.
    public func resolve(_ reference: String, from resource: JSONValue? = nil) -> JSONValue? {
        if reference.hasPrefix("#") {
            let id = String(reference.dropFirst())
            return resource?["contained"]?.arrayValue?.first { $0["id"]?.stringValue == id }
        }
        if let exact = entries.first(where: { $0.fullURL == reference }) { return exact.resource }
        let parts = reference.split(separator: "/")
        guard parts.count >= 2 else { return nil }
        let (type, id) = (String(parts[parts.count - 2]), String(parts[parts.count - 1]))
        return entries.first { entry in
            entry.resourceType == type
                && (entry.resource["id"]?.stringValue == id || entry.fullURL?.hasSuffix("/\(type)/\(id)") == true)
        }?.resource
    }
}

/// Reads a FHIR message bundle from JSON.
public enum FHIRBundleParser {
    static let format = "fhir-json"

    /// The members of a bundle that its own reading needs and that `paths` read: the entries and
    /// their full URLs, each resource's type and id, the MessageHeader's event and focus, and the
    /// contained resources, which are read as resources. Everything else is checked as the bundle
    /// is parsed but not kept (see ``JSONParser/parse(_:limits:projection:)``).
    public static func projection(reading paths: some Sequence<FHIRResourcePath>) -> JSONProjection {
        var projection = JSONProjection()
        let root = JSONProjection.Node.root
        projection.member("resourceType", of: root)
        projection.member("type", of: root)
        let entry = projection.member("entry", of: root)
        projection.member("fullUrl", of: entry)
        let resource = projection.member("resource", of: entry)
        for name in ["resourceType", "id", "eventUri"] { projection.member(name, of: resource) }
        projection.members(["event", "code"], of: resource)
        projection.members(["eventCoding", "code"], of: resource)
        projection.members(["focus", "reference"], of: resource)
        projection.link("contained", of: resource, to: resource)
        for path in paths { path.members(into: &projection, resource: resource) }
        return projection
    }

    /// With a `projection` (see ``projection(reading:)``), only the members it leads to are kept;
    /// everything is still read and checked.
    public static func parse(_ bytes: some Collection<UInt8>, limits: JSONParser.Limits = JSONParser.Limits(),
                             projection: JSONProjection? = nil) throws(SourceFormatError) -> FHIRBundle {
        let root: JSONValue
        do {
            root = try JSONParser.parse(bytes, limits: limits, projection: projection)
        } catch {
            throw SourceFormatError(format: format, rule: error.rule, reason: error.reason, position: error.position)
        }
        guard root["resourceType"]?.stringValue == "Bundle" else {
            throw SourceFormatError(format: format, rule: "fhir.not-a-bundle", reason: "the document is not a FHIR Bundle")
        }
        guard root["type"]?.stringValue == "message" else {
            throw SourceFormatError(format: format, rule: "fhir.not-a-message", reason: "the bundle is not a message bundle")
        }
        var entries: [FHIRBundle.Entry] = []
        for (index, entry) in (root["entry"]?.arrayValue ?? []).enumerated() {
            guard let resource = entry["resource"], resource["resourceType"]?.stringValue != nil else {
                throw SourceFormatError(format: format, rule: "fhir.entry-without-resource",
                                        reason: "entry \(index + 1) has no resource with a resourceType")
            }
            entries.append(FHIRBundle.Entry(fullURL: entry["fullUrl"]?.stringValue, resource: resource))
        }
        guard entries.first?.resourceType == "MessageHeader" else {
            throw SourceFormatError(format: format, rule: "fhir.no-message-header", reason: "a message bundle must start with a MessageHeader")
        }
        let header = entries[0].resource
        let version: FHIRBundle.Version = header["eventCoding"] != nil || header["eventUri"] != nil ? .r4 : .stu3
        return FHIRBundle(root: root, entries: entries, version: version)
    }
}
