/// A simple FHIR-style path into a message bundle: a resource type, then element names, with
/// filters and reference following.
///
/// - `Patient.birthDate`
/// - `Patient.identifier[system=https://fhir.nhs.uk/Id/nhs-number].value`
/// - `Observation[code.coding.code=716619000].subject.resolve().birthDate`
/// - `Observation.related.target.resolve().valueQuantity.value` (follows `#contained` references too)
///
/// A step over an array visits every element; `resolve()` follows a `reference`.
public struct FHIRResourcePath: Sendable, Hashable, CustomStringConvertible {
    enum Step: Sendable, Hashable {
        case element(String, filter: Filter?)
        case resolve
    }

    struct Filter: Sendable, Hashable {
        var path: [String]
        var value: String
    }

    let resourceType: String
    let resourceFilter: Filter?
    let steps: [Step]
    public let description: String

    public init(_ text: String) throws(SourceFormatError) {
        description = text
        let parts = try Self.split(text)
        guard let first = parts.first, case .element(let type, let filter) = try Self.step(first), type.first?.isUppercase == true else {
            throw SourceFormatError(format: "fhir-path", rule: "path.fhir", reason: "a path starts with a resource type, such as Patient")
        }
        resourceType = type
        resourceFilter = filter
        var steps: [Step] = []
        for part in parts.dropFirst() { steps.append(try Self.step(part)) }
        self.steps = steps
    }

    /// The member names the path reads: its elements and its filters' (not the resource type,
    /// which is read from `resourceType`).
    public var memberNames: Set<String> {
        var names = Set(resourceFilter?.path ?? [])
        for step in steps {
            if case .element(let name, let filter) = step {
                names.insert(name)
                names.formUnion(filter?.path ?? [])
            }
        }
        return names
    }

    /// Every value the path reaches, in bundle order.
    public func values(in bundle: FHIRBundle) -> [JSONValue] {
        var results: [JSONValue] = []
        for resource in bundle.resources(ofType: resourceType) where resourceFilter.map({ Self.matches(resource, $0) }) ?? true {
            results += walk(steps[...], from: [resource], resource: resource, bundle: bundle)
        }
        return results
    }

    /// The string forms of every value reached (strings, numbers and booleans; objects are skipped).
    public func strings(in bundle: FHIRBundle) -> [String] {
        values(in: bundle).compactMap { value in
            switch value {
            case .string(let text), .number(let text): text
            case .bool(let flag): flag ? "true" : "false"
            default: nil
            }
        }
    }

    private func walk(_ steps: ArraySlice<Step>, from values: [JSONValue], resource: JSONValue, bundle: FHIRBundle) -> [JSONValue] {
        guard let step = steps.first else { return values }
        var next: [JSONValue] = []
        var nextResource = resource
        for value in values {
            switch step {
            case .element(let name, let filter):
                for child in Self.flatten(value[name]) where filter.map({ Self.matches(child, $0) }) ?? true {
                    next.append(child)
                }
            case .resolve:
                if let reference = value["reference"]?.stringValue, let target = bundle.resolve(reference, from: resource) {
                    next.append(target)
                    nextResource = target
                }
            }
        }
        return walk(steps.dropFirst(), from: next, resource: nextResource, bundle: bundle)
    }

    private static func flatten(_ value: JSONValue?) -> [JSONValue] {
        guard let value else { return [] }
        if case .array(let elements) = value { return elements }
        return [value]
    }

    private static func matches(_ value: JSONValue, _ filter: Filter) -> Bool {
        var current = [value]
        for name in filter.path { current = current.flatMap { flatten($0[name]) } }
        return current.contains { $0.stringValue == filter.value || $0 == .number(filter.value) }
    }

    /// Splits on dots that are outside brackets (filter values may contain dots, as URLs do).
    private static func split(_ text: String) throws(SourceFormatError) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "[": depth += 1; current.append(character)
            case "]": depth -= 1; current.append(character)
            case "." where depth == 0: parts.append(current); current = ""
            default: current.append(character)
            }
        }
        parts.append(current)
        guard depth == 0, !parts.contains(where: \.isEmpty) else {
            throw SourceFormatError(format: "fhir-path", rule: "path.fhir", reason: "unbalanced brackets or an empty step")
        }
        return parts
    }

    private static func step(_ part: String) throws(SourceFormatError) -> Step {
        if part == "resolve()" { return .resolve }
        guard let open = part.firstIndex(of: "[") else { return .element(part, filter: nil) }
        let name = String(part[..<open])
        let inside = part[part.index(after: open)..<part.index(before: part.endIndex)]
        guard part.hasSuffix("]"), let equals = inside.firstIndex(of: "=") else {
            throw SourceFormatError(format: "fhir-path", rule: "path.fhir", reason: "a filter is written [element=value]")
        }
        let path = inside[..<equals].split(separator: ".").map(String.init)
        return .element(name, filter: Filter(path: path, value: String(inside[inside.index(after: equals)...])))
    }
}
