import EarlyYearsSchema

/// Removes from an event everything its agreement does not name: what is left is the record a
/// recipient receives.
///
/// Paths are dotted, with `[]` for each element of a list (as in the schema catalog); a path to an
/// object or list keeps all of it. An object left with no members is removed, so a recipient never
/// sees even that a part it may not have was there.
public struct Minimiser: Sendable, Hashable {
    let keep: Set<String>
    let within: Set<String>

    public init(fields: some Sequence<String>) {
        var keep = Set(fields)
        keep.formUnion(recordEnvelopeFields)
        var within: Set<String> = []
        for path in keep {
            var prefix = path
            while let cut = prefix.lastIndex(where: { $0 == "." || $0 == "[" }) {
                prefix = String(prefix[..<cut])
                within.insert(prefix)
                if prefix.hasSuffix("[]") { within.insert(String(prefix.dropLast(2))) }
            }
        }
        self.keep = keep
        self.within = within
    }

    /// The event's tree with only the named fields.
    public func minimise(_ tree: EventTree) -> EventTree {
        filter(tree, path: "") ?? .object(EventObject())
    }

    /// The dotted paths of the leaves actually sent, sorted: what the audit entry names.
    public func sentFields(_ tree: EventTree) -> [String] {
        var paths: Set<String> = []
        collect(tree, path: "", into: &paths)
        return paths.sorted()
    }

    private func filter(_ tree: EventTree, path: String) -> EventTree? {
        if !path.isEmpty, keep.contains(path) { return tree }
        guard path.isEmpty || within.contains(path) else { return nil }
        switch tree {
        case .object(let object):
            var kept = EventObject(minimumCapacity: object.count)
            for (key, value) in object {
                if let child = filter(value, path: path.isEmpty ? key : path + "." + key) { kept[key] = child }
            }
            return kept.isEmpty && !path.isEmpty ? nil : .object(kept)
        case .array(let elements):
            let elementPath = path + "[]"
            // Each element may go, but an empty list is not an element: it goes only if the list itself is named.
            if keep.contains(elementPath) { return elements.isEmpty ? nil : tree }
            guard within.contains(elementPath) else { return nil }
            let kept = elements.compactMap { filter($0, path: elementPath) }
            return kept.isEmpty ? nil : .array(kept)
        default:
            return nil
        }
    }

    private func collect(_ tree: EventTree, path: String, into paths: inout Set<String>) {
        switch tree {
        case .object(let object):
            for (key, value) in object { collect(value, path: path.isEmpty ? key : path + "." + key, into: &paths) }
        case .array(let elements):
            if elements.isEmpty { paths.insert(path) }
            for element in elements { collect(element, path: path + "[]", into: &paths) }
        default:
            paths.insert(path)
        }
    }
}
