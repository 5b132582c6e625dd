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

    /// Adds the members the path reads to `projection`: its elements and its filters', and the
    /// `reference` of each `resolve()`. `resource` is the node every resource's members hang from
    /// (the path's resource type is read from `resourceType`, and `resolve()` reaches a resource).
    public func members(into projection: inout JSONProjection, resource: JSONProjection.Node) {
        if let resourceFilter { projection.members(resourceFilter.path, of: resource) }
        var node = resource
        for step in steps {
            switch step {
            case .element(let name, let filter):
                node = projection.member(name, of: node)
                if let filter { projection.members(filter.path, of: node) }
            case .resolve:
                projection.member("reference", of: node)
                node = resource
            }
        }
    }

    /// The resource type the path starts from.
    public var resource: String { resourceType }

    /// Whether the path names resources only (a type, with or without a filter), with no steps.
    public var namesResources: Bool { steps.isEmpty }

    /// The bundle's resources the path starts from: those of its type that pass its filter, in
    /// bundle order.
    public func resources(in bundle: FHIRBundle) -> [JSONValue] {
        var results: [JSONValue] = []
        bundle.forEachResource(ofType: resourceType) { resource in
            if let resourceFilter, !Self.matches(resource, resourceFilter.path[...], resourceFilter.value) { return }
            results.append(resource)
        }
        return results
    }

    /// The string forms of every value reached from `resource` alone (one of the bundle's
    /// resources of the path's type), rather than from every resource of the type.
    public func strings(in bundle: FHIRBundle, from resource: JSONValue) -> [String] {
        var results: [String] = []
        if let resourceFilter, !Self.matches(resource, resourceFilter.path[...], resourceFilter.value) { return [] }
        visit(steps[...], resource, resource: resource, bundle: bundle) { Self.appendString($0, to: &results) }
        return results
    }

    /// Every value the path reaches, in bundle order.
    public func values(in bundle: FHIRBundle) -> [JSONValue] {
        var results: [JSONValue] = []
        visit(bundle) { results.append($0) }
        return results
    }

    /// The string forms of every value reached (strings, numbers and booleans; objects are skipped).
    public func strings(in bundle: FHIRBundle) -> [String] {
        var results: [String] = []
        visit(bundle) { Self.appendString($0, to: &results) }
        return results
    }

    private static func appendString(_ value: JSONValue, to results: inout [String]) {
        switch value {
        case .string(let text), .number(let text): results.append(text)
        case .bool(let flag): results.append(flag ? "true" : "false")
        default: break
        }
    }

    /// Calls `body` with every value the path reaches, in bundle order.
    private func visit(_ bundle: FHIRBundle, _ body: (JSONValue) -> Void) {
        bundle.forEachResource(ofType: resourceType) { resource in
            if let resourceFilter, !Self.matches(resource, resourceFilter.path[...], resourceFilter.value) { return }
            visit(steps[...], resource, resource: resource, bundle: bundle, body)
        }
    }

    /// Follows `steps` from `value`, where `resource` is the resource `value` is in (the one
    /// reached last by `resolve()`, for `#` references to its contained resources).
    private func visit(_ steps: ArraySlice<Step>, _ value: JSONValue, resource: JSONValue, bundle: FHIRBundle, _ body: (JSONValue) -> Void) {
        guard let step = steps.first else { return body(value) }
        let rest = steps.dropFirst()
        switch step {
        case .element(let name, let filter):
            Self.forEach(value[name]) { child in
                if let filter, !Self.matches(child, filter.path[...], filter.value) { return }
                visit(rest, child, resource: resource, bundle: bundle, body)
            }
        case .resolve:
            if let reference = value["reference"]?.stringValue, let target = bundle.resolve(reference, from: resource) {
                visit(rest, target, resource: target, bundle: bundle, body)
            }
        }
    }

    /// Calls `body` with `value`, or with each element when it is an array.
    private static func forEach(_ value: JSONValue?, _ body: (JSONValue) -> Void) {
        switch value {
        case nil: return
        case .array(let elements)?: for element in elements { body(element) }
        case let value?: body(value)
        }
    }

    /// Whether some value at `path` below `value` is `expected` (as a string or as a number's text).
    private static func matches(_ value: JSONValue, _ path: ArraySlice<String>, _ expected: String) -> Bool {
        guard let name = path.first else {
            switch value {
            case .string(let text), .number(let text): return text == expected
            default: return false
            }
        }
        switch value[name] {
        case nil: return false
        case .array(let elements)?: return elements.contains { matches($0, path.dropFirst(), expected) }
        case let child?: return matches(child, path.dropFirst(), expected)
        }
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
