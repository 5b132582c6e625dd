import EarlyYearsSchema
import Foundation
import SourceFormats

/// Runs a mapping over source documents: every record becomes events, a counted skip (no rule
/// applied), or an error that says which rule and field failed.
public struct MappingEngine: Sendable {
    public let definition: MappingDefinition
    public let catalog: SchemaCatalog
    /// The adapter's name, recorded in each event's provenance.
    public let adapter: String

    /// Each event rule's targets, with their schema kinds and tree steps, worked out once.
    private let targets: [[Target]]
    /// Where each event rule's targets go in the event, worked out once.
    private let layouts: [TargetLayout]
    /// Every source path of the mapping, parsed once.
    private let paths: [String: ScopedPath]

    /// Each event rule's envelope values (record id, version, time, action), resolved once.
    private let envelopes: [Envelope]
    /// The source's `org_code`, resolved once.
    private let orgCode: ResolvedRule
    /// The parts of every event the mapping fixes, made once.
    private let constants: EventConstants

    private struct EventConstants {
        let lawfulBasis: EventTree
        /// The source's members but its code, record id and version.
        let source: EventObject
        /// The provenance's members but the record's origin.
        let provenance: EventObject

        init(_ definition: MappingDefinition, adapter: String) {
            var lawfulBasis: EventObject = ["article_6": .string(definition.lawfulBasis.article6.rawValue)]
            if let article9 = definition.lawfulBasis.article9 { lawfulBasis["article_9"] = .string(article9.rawValue) }
            if let paragraph = definition.lawfulBasis.dpaSchedule1Paragraph { lawfulBasis["dpa_schedule_1_paragraph"] = .int(paragraph) }
            self.lawfulBasis = .object(lawfulBasis)
            var source: EventObject = ["org_type": .string(definition.source.orgType.rawValue), "system": .string(definition.source.system)]
            if let name = definition.source.orgName { source["org_name"] = .string(name) }
            self.source = source
            provenance = ["adapter": .string(adapter), "mapping_id": .string(definition.id), "mapping_version": .string(definition.version)]
        }
    }

    /// A value rule with the source paths of its origin looked up once, when the engine is made
    /// (instead of by name for every value of every record). A class, so that reading a rule for
    /// every value of every record copies a reference, not the rule's many parts.
    final class ResolvedRule: Sendable {
        let rule: ValueRule
        /// The paths `rule.origin` reads, in order; none for a constant.
        let paths: [ScopedPath]

        init(_ rule: ValueRule, paths: [String: ScopedPath], format: MappingDefinition.Format) {
            self.rule = rule
            let read: [String] = switch rule.origin {
            case .path(let path): [path]
            case .paths(let paths, _): paths
            case .constant: []
            }
            self.paths = read.map { paths[$0] ?? ScopedPath($0, format: format) }
        }
    }

    private struct Envelope {
        var recordID: ResolvedRule
        var recordVersion: ResolvedRule?
        var occurredAt: ResolvedRule
        var action: ResolvedRule
    }

    /// A class, so that going through a rule's targets for every record copies references.
    private final class Target: Sendable {
        /// The target as the mapping writes it (`payload.areas[0].score`), for errors.
        let field: String
        let value: ResolvedRule
        let steps: [JSONTree.Step]
        /// `nil` for a target the schema does not know (the loader's check refuses those).
        let kind: SchemaCatalog.Kind?
        let isList: Bool
        /// A `[]` target whose list the schema requires: written empty when the source has nothing.
        let isRequiredList: Bool

        init(field: String, value: ResolvedRule, steps: [JSONTree.Step], kind: SchemaCatalog.Kind?, isList: Bool, isRequiredList: Bool) {
            self.field = field
            self.value = value
            self.steps = steps
            self.kind = kind
            self.isList = isList
            self.isRequiredList = isRequiredList
        }
    }

    /// For FHIR, the members the mapping's paths read: a bundle's other members are checked as
    /// it is parsed but not kept. `nil` for other formats, or when a path does not parse.
    private let fhirProjection: JSONProjection?

    public init(definition: MappingDefinition, catalog: SchemaCatalog, adapter: String) {
        self.init(definition: definition, catalog: catalog, adapter: adapter, keepingOnlyMembersRead: true)
    }

    /// `keepingOnlyMembersRead: false` keeps every member of a FHIR bundle (for the tests that
    /// hold the two ways to the same outcomes).
    init(definition: MappingDefinition, catalog: SchemaCatalog, adapter: String, keepingOnlyMembersRead: Bool) {
        self.definition = definition
        self.catalog = catalog
        self.adapter = adapter
        paths = CompiledPath.all(in: definition)
        var fhirPaths: [FHIRResourcePath]? = definition.format == .fhir && keepingOnlyMembersRead ? [] : nil
        for path in paths.values {
            guard case .fhir(let parsed)? = path.compiled else { continue }
            guard case .success(let fhirPath) = parsed else {
                fhirPaths = nil
                break
            }
            fhirPaths?.append(fhirPath)
        }
        // The resources each rule's `each` names are read through their filters too.
        for each in definition.events.compactMap(\.each) where fhirPaths != nil {
            guard let resources = try? FHIRResourcePath(each) else {
                fhirPaths = nil
                break
            }
            fhirPaths?.append(resources)
        }
        fhirProjection = fhirPaths.map(FHIRBundleParser.projection(reading:))
        let paths = paths
        let resolve = { (rule: ValueRule) in ResolvedRule(rule, paths: paths, format: definition.format) }
        orgCode = resolve(definition.source.orgCode)
        constants = EventConstants(definition, adapter: adapter)
        envelopes = definition.events.map { rule in
            Envelope(recordID: resolve(rule.recordID), recordVersion: rule.recordVersion.map(resolve),
                     occurredAt: resolve(rule.occurredAt), action: resolve(rule.action))
        }
        targets = definition.events.map { rule in
            rule.fields.map { field in
                let normalized = MappingChecker.normalize(field.target)
                let isList = field.target.hasSuffix("[]")
                return Target(
                    field: field.target, value: resolve(field.rule), steps: JSONTree.steps(field.target), kind: catalog.field(normalized, in: rule.eventType)?.kind, isList: isList,
                    isRequiredList: isList && catalog.field(String(normalized.dropLast(2)), in: rule.eventType)?.required == true)
            }
        }
        layouts = targets.map { TargetLayout(targets: $0.map(\.steps)) }
    }

    /// An event and the index of the event rule (in `definition.events`) that made it.
    public struct MappedEvent: Sendable {
        public let event: EarlyYearsEvent
        public let rule: Int
        /// The event's ``EarlyYearsEvent/tree()``, kept from decoding, where checking for
        /// undefined properties made it.
        let tree: EventTree

        /// The event's canonical JSON, the bytes ``EarlyYearsEvent/canonicalJSON()`` writes,
        /// written from the tree decoding made instead of encoding the event again.
        public func canonicalJSON() throws -> [UInt8] {
            try tree.json(style: .encoder)
        }
    }

    public enum Outcome: Sendable {
        case events([MappedEvent])
        /// No event rule applied to the record (its `when` conditions all failed).
        case skipped
        case failed(MappingRecordError)
    }

    public struct RecordResult: Sendable {
        /// Where the record is: `<input> line 12`, `<input> /children/3`, `<input> bundle`.
        public var origin: String
        public var outcome: Outcome
        /// Where the record's own bytes are, for one of several records of a document (a CSV
        /// row; a JSON or XML record that failed); `nil` where the record is the whole input, or
        /// its bytes could not be found.
        public var bytes: RecordBytes?
    }

    /// Where a record's bytes are in its input, with the bytes around it that make it a document
    /// of its own: for a CSV row, the file up to the end of its header row before it; for one of
    /// the records of a JSON or XML document, everything before the first record and everything
    /// after the last. All are the source's bytes, unchanged.
    public struct RecordBytes: Sendable, Hashable {
        public var prefix: Range<Int>
        public var record: Range<Int>
        public var suffix: Range<Int>

        /// A document of this record alone, in the input's own format and bytes.
        public func document(in input: [UInt8]) -> [UInt8] {
            Array(input[prefix]) + Array(input[record]) + Array(input[suffix])
        }
    }

    /// Maps one document. A document that cannot be parsed throws its positioned parse error.
    public func run(_ bytes: [UInt8], input: String, recordedAt: String) throws(SourceFormatError) -> [RecordResult] {
        var results: [RecordResult] = []
        let (document, records) = try SourceRecord.records(in: bytes, of: definition, fhirProjection: fhirProjection)
        for (record, origin, recordBytes) in records {
            let place = "\(input) \(origin)"
            do throws(MappingRecordError) {
                let events = try events(for: record, document: document, origin: place, recordedAt: recordedAt)
                results.append(RecordResult(origin: place, outcome: events.isEmpty ? .skipped : .events(events), bytes: recordBytes))
            } catch {
                results.append(RecordResult(origin: place, outcome: .failed(error), bytes: recordBytes))
            }
        }
        placeFailedRecords(of: &results, records: records, in: bytes)
        return results
    }

    /// Finds, for each failed record of a many-record JSON or XML document, where its bytes are
    /// (only when one failed: the scan is for its dead letter). A record's bytes are kept only if
    /// the scan found exactly the records the parser found and the cut parses again to exactly
    /// that record; otherwise its failure keeps the whole input.
    private func placeFailedRecords(of results: inout [RecordResult], records: [(record: SourceRecord, origin: String, bytes: RecordBytes?)], in bytes: [UInt8]) {
        guard let path = definition.records, results.contains(where: { if case .failed = $0.outcome { true } else { false } }) else { return }
        let ranges: [Range<Int>]?
        let cutHoldsRecord: (Int, [Range<Int>]) -> Bool
        switch definition.format {
        case .json:
            guard let pointer = try? JSONPointer(path) else { return }
            ranges = RecordRanges.json(bytes, at: pointer)
            cutHoldsRecord = { index, ranges in
                guard case .json(let element) = records[index].record else { return false }
                return RecordRanges.jsonDocument(of: index, ranges: ranges, in: bytes, at: pointer, record: element) != nil
            }
        case .xml:
            let steps = path.split(separator: "/").map(String.init)
            ranges = RecordRanges.xml(bytes, path: steps)
            cutHoldsRecord = { index, ranges in
                guard case .xml(let node) = records[index].record else { return false }
                return RecordRanges.xmlDocument(of: index, ranges: ranges, in: bytes, path: steps, record: node) != nil
            }
        case .csv, .fhir, .hl7v2:
            return
        }
        guard let ranges, ranges.count == records.count, let first = ranges.first, let last = ranges.last else { return }
        for index in results.indices {
            guard case .failed = results[index].outcome, cutHoldsRecord(index, ranges) else { continue }
            results[index].bytes = RecordBytes(prefix: 0..<first.lowerBound, record: ranges[index], suffix: last.upperBound..<bytes.count)
        }
    }

    private func events(for record: SourceRecord, document: SourceRecord?, origin: String, recordedAt: String) throws(MappingRecordError) -> [MappedEvent] {
        var events: [MappedEvent] = []
        for (index, rule) in definition.events.enumerated() {
            let scopes: [RecordScope] = if let each = rule.each {
                try record.elements(each).map { RecordScope(record: $0, outer: record, document: document, paths: paths) }
            } else {
                [RecordScope(record: record, document: document, paths: paths)]
            }
            for (position, scope) in scopes.enumerated() where try applies(rule.when, to: scope) {
                let place = rule.each == nil ? origin : "\(origin) \(rule.each!)[\(position)]"
                let (event, tree) = try event(rule, targets: targets[index], ordinal: index, scope: scope, origin: place, recordedAt: recordedAt)
                events.append(MappedEvent(event: event, rule: index, tree: tree))
            }
        }
        // Under `each`, an element's id comes from its own record id, not its position, so a
        // re-ordered resend is the same events; two elements that would share an id are an error.
        if Set(events.map(\.event.eventID)).count != events.count {
            throw MappingRecordError(rule: "mapping.duplicate-event", field: "record_id",
                                     reason: "two events of this record would share an event id; map record_id (or record_version) from each element")
        }
        return events
    }

    private func applies(_ condition: Condition?, to record: RecordScope) throws(MappingRecordError) -> Bool {
        guard let condition else { return true }
        switch condition {
        case .all(let conditions):
            for member in conditions where try !applies(member, to: record) { return false }
            return true
        case .any(let conditions):
            for member in conditions where try applies(member, to: record) { return true }
            return false
        case .not(let member):
            return try !applies(member, to: record)
        case .value(let path, let test):
            let values = try record.values(path)
            switch test {
            case .equals(let accepted): return values.contains { accepted.contains($0) }
            case .present(let wanted): return values.isEmpty != wanted
            }
        }
    }

    /// The event a rule makes of a record, and the event's tree (see ``MappedEvent``).
    private func event(_ rule: EventRule, targets: [Target], ordinal: Int, scope record: RecordScope, origin: String, recordedAt: String)
        throws(MappingRecordError) -> (EarlyYearsEvent, EventTree) {
        // Only typed field values can be numbers that JSON cannot hold (`inf`, `nan`).
        var hasNonFiniteNumber = false
        func typed(_ value: String, _ kind: SchemaCatalog.Kind, _ field: String) throws(MappingRecordError) -> EventTree {
            let typed = try self.typed(value, kind, field)
            if case .double(let number) = typed, !number.isFinite { hasNonFiniteNumber = true }
            return typed
        }
        // Each target's value, or `nil` where it sets nothing.
        var fieldValues = [EventTree?](repeating: nil, count: targets.count)
        for (index, plan) in targets.enumerated() {
            let target = plan.field
            let values = try evaluate(plan.value, on: record, field: target)
            guard !values.isEmpty else {
                // A list the schema requires is written empty rather than left out.
                if plan.isRequiredList { fieldValues[index] = .array([]) }
                continue
            }
            guard let kind = plan.kind else { continue }
            if plan.isList {
                fieldValues[index] = .array(try values.map { value throws(MappingRecordError) in try typed(value, kind, target) })
            } else {
                guard values.count == 1 else {
                    throw MappingRecordError(rule: "mapping.ambiguous", field: target, reason: "the source has \(values.count) values for one field")
                }
                fieldValues[index] = try typed(values[0], kind, target)
            }
        }
        var tree = layouts[ordinal].content(fieldValues)
        let envelope = envelopes[ordinal]
        let recordID = try single(envelope.recordID, record, "record_id")
        // A record without a version (a census return, unlike the nightly extract sharing its
        // mapping) is identified by its content instead.
        var recordVersion: String?
        if let versionRule = envelope.recordVersion {
            let values = try evaluate(versionRule, on: record, field: "record_version")
            guard values.count <= 1 else {
                throw MappingRecordError(rule: "mapping.ambiguous", field: "record_version", reason: "the source has \(values.count) values for one field")
            }
            recordVersion = values.first
        }
        let occurredAt = try single(envelope.occurredAt, record, "occurred_at")
        let action = try single(envelope.action, record, "action")
        let orgCode = try single(self.orgCode, RecordScope(record: record.outer ?? record.record, document: record.document, paths: paths), "source.org_code")
        tree.completeIdentifiers()
        // The mapped content stands in for a version only when the source gives none.
        let content = recordVersion == nil ? tree.canonicalBytes() : []

        tree.set(member: "event_type", .string(rule.eventType.rawValue))
        tree.set(member: "action", .string(action))
        tree.set(member: "occurred_at", .string(occurredAt))
        tree.set(member: "recorded_at", .string(recordedAt))
        tree.set(member: "schema_version", .string(EarlyYearsEvent.schemaVersion))
        var source = constants.source
        source["org_code"] = .string(orgCode)
        source["record_id"] = .string(recordID)
        if let recordVersion { source["record_version"] = .string(recordVersion) }
        tree.set(member: "source", .object(source))
        tree.set(member: "lawful_basis", constants.lawfulBasis)
        tree.set(member: "special_category", .bool(definition.specialCategory))
        var provenance = constants.provenance
        provenance["origin"] = .string(origin)
        tree.set(member: "provenance", .object(provenance))
        tree.set(member: "event_id", .string(EventID.derive(
            system: definition.source.system, orgCode: orgCode, recordID: recordID, recordVersion: recordVersion,
            content: content, eventType: rule.eventType, ordinal: ordinal)))
        if tree.value(member: "subject") == nil { tree.set(member: "subject", .object(EventObject())) }
        if tree.value(member: "payload") == nil { tree.set(member: "payload", .object(EventObject())) }

        var event: EarlyYearsEvent
        var eventTree: EventTree
        do {
            // JSON cannot hold an infinite number: as when the tree went through JSON text, such
            // an event does not fit the schema.
            guard !hasNonFiniteNumber else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "a number is not finite"))
            }
            (event, eventTree) = try EarlyYearsEvent.decoded(from: .object(tree.root))
        } catch {
            throw MappingRecordError(rule: "schema.decode", field: Self.path(of: error), reason: "the mapped event does not fit the schema")
        }
        event.dataQuality = SubjectChecks.findings(for: event.subject, today: String(occurredAt.prefix(10)))
        if let violation = event.validate().first {
            throw MappingRecordError(rule: "schema.\(violation.rule)", field: violation.path, reason: violation.message)
        }
        do {
            try event.updateDataQuality(in: &eventTree)
        } catch {
            // Findings hold only text, which always encodes.
            throw MappingRecordError(rule: "schema.decode", field: Self.path(of: error), reason: "the mapped event does not fit the schema")
        }
        return (event, eventTree)
    }

    private func single(_ rule: ResolvedRule, _ record: RecordScope, _ field: String) throws(MappingRecordError) -> String {
        let values = try evaluate(rule, on: record, field: field)
        guard values.count == 1 else {
            throw MappingRecordError(rule: values.isEmpty ? "mapping.missing" : "mapping.ambiguous", field: field,
                                     reason: values.isEmpty ? "the source has no value for a required field" : "the source has \(values.count) values for one field")
        }
        return values[0]
    }

    /// Reads and transforms one rule's values, in the documented order.
    func evaluate(_ resolved: ResolvedRule, on record: RecordScope, field: String) throws(MappingRecordError) -> [String] {
        let rule = resolved.rule
        if let condition = rule.when, try !applies(condition, to: record) { return [] }
        var values: [String]
        switch rule.origin {
        case .constant(let value): values = [value]
        case .path: values = try record.values(resolved.paths[0])
        case .paths(_, let separator):
            var parts: [String] = []
            for path in resolved.paths { parts += try record.values(path) }
            values = separator.map { concatenate(parts, separator: $0).map { [$0] } ?? [] } ?? parts
        }
        // In place: the list is this function's own.
        for transform in rule.transforms {
            for index in values.indices { values[index] = transform.apply(values[index]) }
        }
        if let part = rule.name {
            values = values.flatMap { value -> [String] in
                let split = NameSplitting.split(value)
                return part == .given ? split.givenNames : split.familyName.map { [$0] } ?? []
            }
        }
        if let separator = rule.split { values = values.flatMap { split($0, separator: separator) } }
        do {
            if let lookup = rule.lookup {
                var mapped: [String] = []
                for value in values { if let target = try lookup.map(value) { mapped.append(target) } }
                values = mapped
            }
            if let (operation, factor) = rule.arithmetic, !values.isEmpty { values = [try operation.apply(values, factor: factor)] }
            if let date = rule.date {
                for index in values.indices { values[index] = try date.date(values[index]) }
            }
            if let dateTime = rule.dateTime {
                for index in values.indices { values[index] = try dateTime.dateTime(values[index]) }
            }
        } catch {
            throw MappingRecordError(rule: error.rule, field: field, reason: error.reason)
        }
        if values.contains(where: \.isEmpty) { values.removeAll(where: \.isEmpty) }
        if values.isEmpty, let fallback = rule.defaultValue { return [fallback] }
        return values
    }

    private func typed(_ value: String, _ kind: SchemaCatalog.Kind, _ field: String) throws(MappingRecordError) -> EventTree {
        switch kind {
        case .boolean:
            switch value.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: throw MappingRecordError(rule: "mapping.type", field: field, reason: "expected true or false")
            }
        case .integer:
            guard let number = Int(value) else { throw MappingRecordError(rule: "mapping.type", field: field, reason: "expected a whole number") }
            return .int(number)
        case .number:
            guard let number = Double(value) else { throw MappingRecordError(rule: "mapping.type", field: field, reason: "expected a number") }
            return .double(number)
        default:
            return .string(value)
        }
    }

    static func path(of error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "event" }
        let context: DecodingError.Context? = switch decoding {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context), .dataCorrupted(let context): context
        @unknown default: nil
        }
        var path = context?.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".") ?? "event"
        if case .keyNotFound(let key, _) = decoding { path += (path.isEmpty ? "" : ".") + key.stringValue }
        return path.isEmpty ? "event" : path
    }
}
