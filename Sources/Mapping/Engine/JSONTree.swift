import EarlyYearsSchema

/// A JSON object built up by dotted paths with optional indices (`payload.areas[1].score`).
struct JSONTree {
    private(set) var root: EventObject

    init(root: EventObject = EventObject()) {
        self.root = root
    }

    enum Step {
        case key(String)
        case index(Int)
        /// `[]`: the value is the whole list.
        case list
    }

    static func steps(_ path: String) -> [Step] {
        var steps: [Step] = []
        for part in path.split(separator: ".") {
            var name = Substring(part)
            var indices: [Step] = []
            while let open = name.lastIndex(of: "["), name.last == "]" {
                let inside = name[name.index(after: open)..<name.index(before: name.endIndex)]
                indices.insert(inside.isEmpty ? .list : .index(Int(inside) ?? 0), at: 0)
                name = name[..<open]
            }
            steps.append(.key(String(name)))
            steps += indices
        }
        return steps
    }

    /// Sets a member of the root object.
    mutating func set(member key: String, _ value: EventTree) {
        root[key] = value
    }

    /// A member of the root object.
    func value(member key: String) -> EventTree? {
        root[key]
    }

    /// Sets the value at steps made once (see ``steps(_:)``), creating objects and lists on the way.
    mutating func set(_ steps: [Step], _ value: EventTree) {
        var container = EventTree.object(root)
        root = EventObject()
        Self.set(value, at: steps[...], in: &container)
        if case .object(let object) = container { root = object }
    }

    /// The value at steps made once (see ``steps(_:)``).
    func value(at steps: [Step]) -> EventTree? {
        var current: EventTree? = .object(root)
        for step in steps {
            switch step {
            case .key(let key):
                guard case .object(let object)? = current else { return nil }
                current = object[key]
            case .index(let index):
                guard case .array(let list)? = current, list.indices.contains(index) else { return nil }
                current = list[index]
            case .list: return current
            }
        }
        return current
    }

    /// Mutates in place: each container is taken out of its parent while it changes, so that no
    /// object or list is copied.
    private static func set(_ value: EventTree, at steps: ArraySlice<Step>, in container: inout EventTree) {
        guard let step = steps.first else {
            container = value
            return
        }
        let rest = steps.dropFirst()
        switch step {
        case .key(let key):
            var object = EventObject()
            if case .object(let existing) = container { object = existing }
            container = .null
            let slot = object.slot(key, initial: .null)
            set(value, at: rest, in: &object[valueAt: slot])
            container = .object(object)
        case .index(let index):
            var list: [EventTree] = []
            if case .array(let existing) = container { list = existing }
            container = .null
            while list.count <= index { list.append(.object(EventObject())) }
            set(value, at: rest, in: &list[index])
            container = .array(list)
        case .list:
            container = value
        }
    }

    /// Drops list members that no rule filled (`payload.areas[3]` when the source has no fourth
    /// area), so that indexed targets describe optional members rather than holes.
    mutating func removeEmptyListMembers() {
        for index in 0..<root.count { Self.compact(&root[valueAt: index]) }
    }

    /// In place: each container is taken out while it changes, as in ``set(_:at:in:)``.
    private static func compact(_ value: inout EventTree) {
        switch value {
        case .object(var object):
            value = .null
            for index in 0..<object.count { compact(&object[valueAt: index]) }
            value = .object(object)
        case .array(var list):
            value = .null
            for index in list.indices { compact(&list[index]) }
            list.removeAll { member in
                if case .object(let object) = member { return object.isEmpty }
                return false
            }
            value = .array(list)
        default:
            break
        }
    }

    private static let nhsNumberValue = steps("subject.nhs_number.value")
    private static let nhsNumberCheckDigitValid = steps("subject.nhs_number.check_digit_valid")
    private static let upnValue = steps("subject.upn.value")
    private static let upnValid = steps("subject.upn.valid")

    /// Fills the check results the schema carries beside identifiers.
    mutating func completeIdentifiers() {
        if case .string(let nhs)? = value(at: Self.nhsNumberValue) {
            set(Self.nhsNumberCheckDigitValid, .bool(NHSNumber(nhs).isValid))
        }
        if case .string(let upn)? = value(at: Self.upnValue) {
            set(Self.upnValid, .bool(UniquePupilNumber(upn).isValid))
        }
    }

    /// The mapped content as `JSONSerialization` writes it with sorted keys (the bytes the event
    /// id has always hashed); empty when a number is not finite, which JSON cannot hold.
    func canonicalBytes() -> [UInt8] {
        (try? EventTree.object(root).json(style: .serialization)) ?? []
    }
}
