import SourceFormats

/// One record of a source document, whatever its format, with values read by the mapping's paths.
enum SourceRecord {
    case csv(CSVRecord)
    case json(JSONValue)
    case fhir(FHIRBundle)
    case hl7(HL7Message)
    case xml(XMLNode)

    /// Splits a document into records: CSV rows, the elements of a JSON array or of repeated XML
    /// elements (the mapping's `records`), or the whole FHIR bundle or HL7 message. The document
    /// itself comes back too, for `$` paths (not for CSV, whose rows are the whole document).
    static func records(in bytes: [UInt8], of definition: MappingDefinition) throws(SourceFormatError)
        -> (document: SourceRecord?, records: [(record: SourceRecord, origin: String)]) {
        switch definition.format {
        case .csv:
            let document = try CSVParser.parse(bytes, options: definition.csvOptions)
            let missing = definition.requiredColumns.subtracting(document.headers)
            guard missing.isEmpty else {
                throw SourceFormatError(format: "csv", rule: "csv.missing-column",
                                        reason: "the header lacks column(s) the mapping reads: \(missing.sorted().joined(separator: ", ")) (list any that may be absent under csv.optional_columns)",
                                        position: SourcePosition(line: 1, column: 1))
            }
            return (nil, document.records.map { (.csv($0), "line \($0.line)") })
        case .json:
            let document = try JSONParser.parse(bytes)
            guard let pointer = definition.records else { return (.json(document), [(.json(document), "document")]) }
            let list = try JSONPointer(pointer).resolve(in: document)?.arrayValue ?? []
            return (.json(document), list.enumerated().map { (.json($0.element), "\(pointer)/\($0.offset)") })
        case .fhir:
            let bundle = SourceRecord.fhir(try FHIRBundleParser.parse(bytes))
            return (bundle, [(bundle, "bundle")])
        case .hl7v2:
            let message = SourceRecord.hl7(try HL7Parser.parse(String(decoding: bytes, as: UTF8.self)))
            return (message, [(message, "message")])
        case .xml:
            let root = try XMLDocumentParser.parse(bytes)
            guard let path = definition.records else { return (.xml(root), [(.xml(root), "line \(root.line)")]) }
            return (.xml(root), root.descendants(path: path.split(separator: "/").map(String.init)).map { (.xml($0), "line \($0.line)") })
        }
    }

    /// The non-empty values at `path`.
    func values(_ path: String) throws(MappingRecordError) -> [String] {
        let values: [String]
        do {
            switch self {
            case .csv(let record):
                values = record[path].map { [$0] } ?? []
            case .json(let value):
                values = Self.scalars(try JSONPointer(path).resolve(in: value))
            case .fhir(let bundle):
                values = try FHIRResourcePath(path).strings(in: bundle)
            case .hl7(let message):
                values = try HL7Path(path).values(in: message)
            case .xml(let node):
                var steps = path.split(separator: "/").map(String.init)
                if let last = steps.last, last.hasPrefix("@") {
                    steps.removeLast()
                    values = node.descendants(path: steps).compactMap { $0.attributes[String(last.dropFirst())] }
                } else {
                    values = node.descendants(path: steps).map(\.text)
                }
            }
        } catch {
            throw MappingRecordError(rule: "mapping.path", field: path, reason: error.reason)
        }
        return values.filter { !$0.isEmpty }
    }

    /// The elements at `path`, each a record of its own: repeated XML elements, or the members
    /// of a JSON array (an object on its own counts as one element).
    func elements(_ path: String) throws(MappingRecordError) -> [SourceRecord] {
        switch self {
        case .xml(let node):
            return node.descendants(path: path.split(separator: "/").map(String.init)).map { .xml($0) }
        case .json(let value):
            let found: JSONValue?
            do { found = try JSONPointer(path).resolve(in: value) } catch {
                throw MappingRecordError(rule: "mapping.path", field: path, reason: error.reason)
            }
            switch found {
            case .array(let members)?: return members.map { .json($0) }
            case .object?: return [.json(found!)]
            default: return []
            }
        case .csv, .fhir, .hl7:
            return [self]
        }
    }

    private static func scalars(_ value: JSONValue?) -> [String] {
        switch value {
        case .string(let text)?, .number(let text)?: [text]
        case .bool(let flag)?: [flag ? "true" : "false"]
        case .array(let elements)?: elements.flatMap { scalars($0) }
        default: []
        }
    }
}

/// Where a rule's paths are read: the record, or one element of it under `each`. A path that
/// starts with `^` reads the whole record; one that starts with `$` reads the whole document
/// (such as a file header that every record shares).
struct RecordScope {
    var record: SourceRecord
    var outer: SourceRecord?
    var document: SourceRecord?

    func values(_ path: String) throws(MappingRecordError) -> [String] {
        if path.hasPrefix("^") { return try (outer ?? record).values(String(path.dropFirst())) }
        if path.hasPrefix("$") {
            guard let document else { throw MappingRecordError(rule: "mapping.path", field: path, reason: "this format has no document apart from its records") }
            return try document.values(String(path.dropFirst()))
        }
        return try record.values(path)
    }
}

/// Why one record could not become an event: the rule id, the target or source path, and a
/// reason that never quotes the record.
public struct MappingRecordError: Error, Sendable, Hashable, CustomStringConvertible {
    public var rule: String
    public var field: String
    public var reason: String

    public var description: String { "\(field): \(reason) [\(rule)]" }
}
