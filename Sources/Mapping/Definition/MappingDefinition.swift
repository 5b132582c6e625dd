import EarlyYearsSchema
import SourceFormats

/// A vendor's mapping file (`mappings/*.yaml`), loaded and checked against the schema.
public struct MappingDefinition: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case csv, json, fhir, hl7v2, xml
    }

    public var id: String
    public var version: String
    public var format: Format
    public var csvOptions: CSVOptions
    /// For CSV: the columns every file must have (those the rules read, less `optional_columns`);
    /// a file without one is refused whole rather than mapped with the field silently missing.
    public var requiredColumns: Set<String> = []
    /// For JSON: a pointer to the array of records (whole document when absent); for XML: a
    /// slash path to the repeated record elements, such as `Children/Child`.
    public var records: String?
    public var source: SourceConstants
    public var lawfulBasis: LawfulBasis
    public var specialCategory: Bool
    public var events: [EventRule]
    /// The file it was loaded from, for errors.
    public var file: String

    public struct SourceConstants: Sendable {
        public var orgType: Source.OrgType
        public var orgCode: ValueRule
        public var orgName: String?
        public var system: String
    }
}

/// How one kind of event is made from a source record.
public struct EventRule: Sendable {
    public var eventType: EventType
    /// One event per element at this path (XML elements, a JSON array, or a FHIR bundle's
    /// resources of one type that pass a filter), with paths read relative to the element (for
    /// FHIR, paths from that resource type read the current resource); a path that starts with
    /// `^` still reads the whole record.
    public var each: String?
    /// The event is made only when this holds for the record (or the element, under `each`).
    public var when: Condition?
    public var action: ValueRule
    public var recordID: ValueRule
    public var recordVersion: ValueRule?
    public var occurredAt: ValueRule
    /// Target path (such as `subject.birth_date` or `payload.areas[0].score`) → rule, in file order.
    public var fields: [(target: String, rule: ValueRule)]
    /// Where the rule is in its file.
    public var line: Int
}

/// `when: { path: status, equals: active }` (or `in: [...]`, or `present: true`), or
/// `{ all: [...] }` / `{ any: [...] }` of such conditions.
public indirect enum Condition: Sendable {
    public enum Test: Sendable {
        case equals([String])
        case present(Bool)
    }

    case value(path: String, test: Test)
    case all([Condition])
    case any([Condition])
    case not(Condition)

    /// Every source path the condition reads.
    public var paths: [String] {
        switch self {
        case .value(let path, _): [path]
        case .all(let members), .any(let members): members.flatMap(\.paths)
        case .not(let member): member.paths
        }
    }
}

/// Where one value comes from and what is done to it, in this order: read (`path`, `paths` with
/// `concat`, or `constant`), `transforms`, `name`, `split`, `lookup`, `arithmetic`, `date` or
/// `date_time`; then `default` when nothing is left.
public struct ValueRule: Sendable {
    public enum Origin: Sendable {
        case path(String)
        case paths([String], separator: String?)
        case constant(String)
    }

    public enum NamePart: String, Sendable {
        case given, family
    }

    public var origin: Origin
    public var transforms: [TextTransform] = []
    public var name: NamePart?
    public var split: String?
    public var lookup: Lookup?
    public var arithmetic: (operation: Arithmetic, factor: Double)?
    public var date: DateTransform?
    public var dateTime: DateTransform?
    /// The value used when the source has none (after every step above).
    public var defaultValue: String?
    /// The rule gives a value only when this holds (`constant` only when a column is filled).
    public var when: Condition?
    public var line: Int

    public init(origin: Origin, line: Int) {
        self.origin = origin
        self.line = line
    }

    /// Every source path the rule reads.
    public var paths: [String] {
        let read: [String] = switch origin {
        case .path(let path): [path]
        case .paths(let paths, _): paths
        case .constant: []
        }
        return read + (when?.paths ?? [])
    }
}

extension MappingDefinition {
    /// Every source path the mapping reads, in its conditions and rules.
    public var sourcePaths: [String] {
        var paths = source.orgCode.paths
        for event in events {
            paths += event.when?.paths ?? []
            paths += [event.action, event.recordID, event.occurredAt].flatMap(\.paths)
            paths += event.recordVersion?.paths ?? []
            paths += event.fields.flatMap(\.rule.paths)
        }
        return paths
    }
}
