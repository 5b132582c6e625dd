import SourceFormats

/// One record of a source document, whatever its format, with values read by the mapping's paths.
enum SourceRecord {
    case csv(CSVRecord)
    case json(JSONValue)
    case fhir(FHIRBundle)
    /// One resource of a bundle, under `each`: paths that start from its type read it alone;
    /// others read the bundle.
    case fhirResource(FHIRBundle, JSONValue, type: String)
    case hl7(HL7Message)
    case xml(XMLNode)

    /// Splits a document into records: CSV rows, the elements of a JSON array or of repeated XML
    /// elements (the mapping's `records`), or the whole FHIR bundle or HL7 message. The document
    /// itself comes back too, for `$` paths (not for CSV, whose rows are the whole document).
    /// A CSV row comes with where its bytes are (see ``MappingEngine/RecordBytes``).
    /// `fhirProjection`, for a FHIR bundle, leads to the only members its resources need (see
    /// ``FHIRBundleParser/projection(reading:)``); `nil` keeps them all.
    static func records(in bytes: [UInt8], of definition: MappingDefinition, fhirProjection: JSONProjection? = nil) throws(SourceFormatError)
        -> (document: SourceRecord?, records: [(record: SourceRecord, origin: String, bytes: MappingEngine.RecordBytes?)]) {
        switch definition.format {
        case .csv:
            let document = try CSVParser.parse(bytes, options: definition.csvOptions)
            let missing = definition.requiredColumns.subtracting(document.headers)
            guard missing.isEmpty else {
                throw SourceFormatError(format: "csv", rule: "csv.missing-column",
                                        reason: "the header lacks column(s) the mapping reads: \(missing.sorted().joined(separator: ", ")) (list any that may be absent under csv.optional_columns)",
                                        position: SourcePosition(line: 1, column: 1))
            }
            return (nil, document.records.map { (.csv($0), "line \($0.line)", MappingEngine.RecordBytes(prefix: document.headerBytes, record: $0.bytes, suffix: bytes.count..<bytes.count)) })
        case .json:
            let document = try JSONParser.parse(bytes)
            guard let pointer = definition.records else { return (.json(document), [(.json(document), "document", nil)]) }
            let list = try JSONPointer(pointer).resolve(in: document)?.arrayValue ?? []
            return (.json(document), list.enumerated().map { (.json($0.element), "\(pointer)/\($0.offset)", nil) })
        case .fhir:
            let bundle = SourceRecord.fhir(try FHIRBundleParser.parse(bytes, projection: fhirProjection))
            return (bundle, [(bundle, "bundle", nil)])
        case .hl7v2:
            let message = SourceRecord.hl7(try HL7Parser.parse(String(decoding: bytes, as: UTF8.self)))
            return (message, [(message, "message", nil)])
        case .xml:
            let root = try XMLDocumentParser.parse(bytes)
            guard let path = definition.records else { return (.xml(root), [(.xml(root), "line \(root.line)", nil)]) }
            return (.xml(root), root.descendants(path: path.split(separator: "/").map(String.init)).map { (.xml($0), "line \($0.line)", nil) })
        }
    }

    /// The non-empty values at `path`, read with the path it parsed once (for a path of another
    /// format than the record's, parsed here).
    func values(at path: ScopedPath) throws(MappingRecordError) -> [String] {
        let values: [String]
        do throws(SourceFormatError) {
            // One switch on each, not on a tuple of the two, which would copy both for every value.
            switch self {
            case .csv(let record):
                values = record[path.bare].map { [$0] } ?? []
            // The parsed path is matched where it is (not taken out with `get()`), so that it is
            // not copied for every value.
            case .json(let value):
                switch path.compiled {
                case .json(.success(let pointer))?: values = Self.scalars(pointer.resolve(in: value))
                case .json(.failure(let error))?: throw error
                default: values = Self.scalars(try JSONPointer(path.bare).resolve(in: value))
                }
            case .fhir(let bundle):
                switch path.compiled {
                case .fhir(.success(let fhirPath))?: values = fhirPath.strings(in: bundle)
                case .fhir(.failure(let error))?: throw error
                default: values = try FHIRResourcePath(path.bare).strings(in: bundle)
                }
            case .fhirResource(let bundle, let resource, let type):
                func strings(_ fhirPath: FHIRResourcePath) -> [String] {
                    fhirPath.resource == type ? fhirPath.strings(in: bundle, from: resource) : fhirPath.strings(in: bundle)
                }
                switch path.compiled {
                case .fhir(.success(let fhirPath))?: values = strings(fhirPath)
                case .fhir(.failure(let error))?: throw error
                default: values = strings(try FHIRResourcePath(path.bare))
                }
            case .hl7(let message):
                switch path.compiled {
                case .hl7(.success(let hl7Path))?: values = hl7Path.values(in: message)
                case .hl7(.failure(let error))?: throw error
                default: values = try HL7Path(path.bare).values(in: message)
                }
            case .xml(let node):
                let xmlPath = if case .xml(let steps, let attribute)? = path.compiled { (steps, attribute) } else { CompiledPath.xml(path.bare) }
                if let attribute = xmlPath.1 {
                    values = node.descendants(path: xmlPath.0).compactMap { $0.attributes[attribute] }
                } else {
                    values = node.descendants(path: xmlPath.0).map(\.text)
                }
            }
        } catch {
            throw MappingRecordError(rule: "mapping.path", field: path.bare, reason: error.reason)
        }
        return values.contains(where: \.isEmpty) ? values.filter { !$0.isEmpty } : values
    }

    var format: MappingDefinition.Format {
        switch self {
        case .csv: .csv
        case .json: .json
        case .fhir, .fhirResource: .fhir
        case .hl7: .hl7v2
        case .xml: .xml
        }
    }

    /// The elements at `path`, each a record of its own: repeated XML elements, the members of a
    /// JSON array (an object on its own counts as one element), or a bundle's resources of a type
    /// that pass the path's filter.
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
        case .fhir(let bundle):
            let resources: FHIRResourcePath
            do { resources = try FHIRResourcePath(path) } catch {
                throw MappingRecordError(rule: "mapping.path", field: path, reason: error.reason)
            }
            return resources.resources(in: bundle).map { .fhirResource(bundle, $0, type: resources.resource) }
        case .csv, .fhirResource, .hl7:
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

/// A source path parsed once, when the engine is made, rather than for every record; a path that
/// does not parse keeps its error, which each record reports as before.
enum CompiledPath: Sendable {
    case json(Result<JSONPointer, SourceFormatError>)
    case fhir(Result<FHIRResourcePath, SourceFormatError>)
    case hl7(Result<HL7Path, SourceFormatError>)
    case xml(steps: [String], attribute: String?)

    init?(_ path: String, format: MappingDefinition.Format) {
        switch format {
        case .csv: return nil
        case .json: self = .json(Result { () throws(SourceFormatError) in try JSONPointer(path) })
        case .fhir: self = .fhir(Result { () throws(SourceFormatError) in try FHIRResourcePath(path) })
        case .hl7v2: self = .hl7(Result { () throws(SourceFormatError) in try HL7Path(path) })
        case .xml:
            let (steps, attribute) = Self.xml(path)
            self = .xml(steps: steps, attribute: attribute)
        }
    }

    /// `Child/Name` → the element steps; `Visit/@id` → the steps and the attribute.
    static func xml(_ path: String) -> ([String], String?) {
        var steps = path.split(separator: "/").map(String.init)
        if let last = steps.last, last.hasPrefix("@") {
            steps.removeLast()
            return (steps, String(last.dropFirst()))
        }
        return (steps, nil)
    }

    /// Every path a mapping reads, as written (with any `^` or `$`), with where it reads and the
    /// path parsed for its format.
    static func all(in definition: MappingDefinition) -> [String: ScopedPath] {
        var compiled: [String: ScopedPath] = [:]
        for path in definition.sourcePaths where compiled[path] == nil {
            compiled[path] = ScopedPath(path, format: definition.format)
        }
        return compiled
    }
}

/// A source path as a rule writes it: where it reads (`^` the whole record, `$` the document)
/// and the rest of the path, parsed once.
/// A class, so that looking one up for every value copies a reference, not its parts.
final class ScopedPath: Sendable {
    enum Scope: Sendable { case record, outer, document }

    let scope: Scope
    /// The path as written, and without its `^` or `$`.
    let written: String
    let bare: String
    let compiled: CompiledPath?

    init(_ path: String, format: MappingDefinition.Format) {
        let scope: Scope = switch path.utf8.first {
        case UInt8(ascii: "^"): .outer
        case UInt8(ascii: "$"): .document
        default: .record
        }
        self.scope = scope
        written = path
        bare = scope == .record ? path : String(path.dropFirst())
        compiled = CompiledPath(bare, format: format)
    }
}

/// Where a rule's paths are read: the record, or one element of it under `each`. A path that
/// starts with `^` reads the whole record; one that starts with `$` reads the whole document
/// (such as a file header that every record shares).
struct RecordScope {
    var record: SourceRecord
    var outer: SourceRecord?
    var document: SourceRecord?
    /// The mapping's paths, parsed once.
    var paths: [String: ScopedPath] = [:]

    func values(_ path: String) throws(MappingRecordError) -> [String] {
        // Every path of the mapping is there; any other (none, today) is parsed here.
        try values(paths[path] ?? ScopedPath(path, format: record.format))
    }

    /// The values at a path looked up beforehand.
    func values(_ scoped: ScopedPath) throws(MappingRecordError) -> [String] {
        switch scoped.scope {
        case .record:
            return try record.values(at: scoped)
        case .outer:
            return try (outer ?? record).values(at: scoped)
        case .document:
            guard let document else { throw MappingRecordError(rule: "mapping.path", field: scoped.written, reason: "this format has no document apart from its records") }
            return try document.values(at: scoped)
        }
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
