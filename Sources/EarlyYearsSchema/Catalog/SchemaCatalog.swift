import Foundation

/// Every field an event of each type may carry, read from the published JSON Schema: the table
/// that declarative mappings are type-checked against when they load.
///
/// Paths are dotted, with `[]` for "each element of an array": `subject.nhs_number.value`,
/// `payload.areas[].score`.
public struct SchemaCatalog: Sendable {
    public enum Kind: Sendable, Hashable {
        case string(format: String?, allowed: [String]?)
        case integer(minimum: Double?, maximum: Double?)
        case number(minimum: Double?, maximum: Double?)
        case boolean
        case object
        case array
    }

    public struct Field: Sendable, Hashable {
        public var path: String
        public var kind: Kind
        /// Required whenever its parent object is present.
        public var required: Bool
    }

    public struct CatalogError: Error, CustomStringConvertible {
        public var description: String
    }

    private let fieldsByType: [EventType: [String: Field]]

    /// Loads `schemas/early-years-event.v1.schema.json` (or another version of it).
    public init(schema data: Data) throws {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let definitions = root["$defs"] as? [String: Any] else {
            throw CatalogError(description: "the schema has no $defs")
        }
        let walker = Walker(definitions: definitions)
        var envelope: [String: Field] = [:]
        let rootRequired = Set(root["required"] as? [String] ?? [])
        for (name, property) in root["properties"] as? [String: Any] ?? [:] where name != "payload" {
            walker.collect(property, path: name, required: rootRequired.contains(name), into: &envelope)
        }
        var byType: [EventType: [String: Field]] = [:]
        for type in EventType.allCases {
            guard let payload = definitions["payload_\(type.rawValue)"] else {
                throw CatalogError(description: "the schema has no payload definition for \(type.rawValue)")
            }
            var fields = envelope
            walker.collect(payload, path: "payload", required: true, into: &fields)
            byType[type] = fields
        }
        fieldsByType = byType
    }

    public init(contentsOf url: URL) throws {
        try self.init(schema: Data(contentsOf: url))
    }

    /// The field at `path` for events of `type`, or `nil` if the schema has none.
    public func field(_ path: String, in type: EventType) -> Field? {
        fieldsByType[type]?[path]
    }

    /// Every field of events of `type`.
    public func fields(of type: EventType) -> [Field] {
        (fieldsByType[type] ?? [:]).values.sorted { $0.path < $1.path }
    }

    /// The fields a mapping must fill for events of `type`: required leaves whose ancestors are
    /// all required too (a required field inside an optional object is only needed with it).
    public func requiredLeaves(of type: EventType) -> [String] {
        let fields = fieldsByType[type] ?? [:]
        return fields.values.filter { field in
            guard field.required, field.kind != .object, field.kind != .array else { return false }
            // The items of a list are needed only when the list is.
            if field.path.hasSuffix("[]"), fields[String(field.path.dropLast(2))]?.required != true { return false }
            var ancestor = field.path
            while let dot = ancestor.lastIndex(of: ".") {
                ancestor = String(ancestor[..<dot])
                guard fields[ancestor]?.required ?? true, !ancestor.hasSuffix("[]") else { return false }
            }
            return true
        }.map(\.path).sorted()
    }
}

/// Walks schema nodes, following local `$ref`s.
private struct Walker {
    let definitions: [String: Any]

    func resolve(_ node: Any) -> [String: Any] {
        guard var object = node as? [String: Any] else { return [:] }
        while let reference = object["$ref"] as? String, reference.hasPrefix("#/$defs/"),
              let target = definitions[String(reference.dropFirst("#/$defs/".count))] as? [String: Any] {
            object = target.merging(object.filter { $0.key != "$ref" }) { _, local in local }
        }
        return object
    }

    func collect(_ node: Any, path: String, required: Bool, into fields: inout [String: SchemaCatalog.Field]) {
        let object = resolve(node)
        let type = object["type"] as? String ?? (object["const"] is String || object["enum"] != nil ? "string" : "object")
        switch type {
        case "object":
            fields[path] = SchemaCatalog.Field(path: path, kind: .object, required: required)
            let requiredChildren = Set(object["required"] as? [String] ?? [])
            for (name, child) in object["properties"] as? [String: Any] ?? [:] {
                collect(child, path: "\(path).\(name)", required: requiredChildren.contains(name), into: &fields)
            }
        case "array":
            fields[path] = SchemaCatalog.Field(path: path, kind: .array, required: required)
            if let items = object["items"] { collect(items, path: "\(path)[]", required: true, into: &fields) }
        case "integer":
            fields[path] = SchemaCatalog.Field(
                path: path, kind: .integer(minimum: number(object["minimum"]), maximum: number(object["maximum"])), required: required)
        case "number":
            fields[path] = SchemaCatalog.Field(
                path: path, kind: .number(minimum: number(object["minimum"]), maximum: number(object["maximum"])), required: required)
        case "boolean":
            fields[path] = SchemaCatalog.Field(path: path, kind: .boolean, required: required)
        default:
            let allowed = (object["enum"] as? [String]) ?? (object["const"] as? String).map { [$0] }
            fields[path] = SchemaCatalog.Field(path: path, kind: .string(format: object["format"] as? String, allowed: allowed), required: required)
        }
    }

    private func number(_ value: Any?) -> Double? {
        (value as? NSNumber)?.doubleValue
    }
}
