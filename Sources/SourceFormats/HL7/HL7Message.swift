/// An HL7 v2 message in ER7 ("pipe and hat") encoding, split into segments, fields, repetitions,
/// components and sub-components, with escape sequences decoded.
public struct HL7Message: Sendable, Hashable {
    public var segments: [HL7Segment]
    public var encoding: HL7Encoding

    /// Every segment with this name, in order.
    public func segments(named name: String) -> [HL7Segment] {
        segments.filter { $0.name == name }
    }

    /// The first segment with this name.
    public func segment(_ name: String) -> HL7Segment? {
        segments.first { $0.name == name }
    }

    /// Segment groups: each segment named `leader` together with the segments after it, up to the
    /// next `leader` or any name in `until` (for example each OBR with its OBX segments).
    public func groups(startingWith leader: String, until: Set<String> = []) -> [[HL7Segment]] {
        var groups: [[HL7Segment]] = []
        var current: [HL7Segment]?
        for segment in segments {
            if segment.name == leader {
                if let current { groups.append(current) }
                current = [segment]
            } else if until.contains(segment.name) {
                if let open = current { groups.append(open) }
                current = nil
            } else {
                current?.append(segment)
            }
        }
        if let current { groups.append(current) }
        return groups
    }
}

/// The delimiters declared in MSH-1 and MSH-2.
public struct HL7Encoding: Sendable, Hashable {
    public var field: Character = "|"
    public var component: Character = "^"
    public var repetition: Character = "~"
    public var escape: Character = "\\"
    public var subcomponent: Character = "&"
}

/// One segment. `fields[0]` is field 1 (for MSH, MSH-1 is the field separator and MSH-2 the
/// encoding characters, as the standard numbers them).
public struct HL7Segment: Sendable, Hashable {
    public var name: String
    public var fields: [HL7Field]
    /// The segment's position in the message, from 1.
    public var ordinal: Int

    /// Field `number` (1-based, as in `PID-3`), or an empty field if the segment is shorter.
    public func field(_ number: Int) -> HL7Field {
        guard number >= 1, number <= fields.count else { return HL7Field(repetitions: []) }
        return fields[number - 1]
    }
}

/// One field: its repetitions, each a list of components, each a list of sub-components.
public struct HL7Field: Sendable, Hashable {
    public var repetitions: [[[String]]]

    /// Component `component` (1-based) of repetition `repetition` (0-based), sub-component
    /// `subcomponent` (1-based); `nil` when absent.
    public func value(repetition: Int = 0, component: Int = 1, subcomponent: Int = 1) -> String? {
        guard repetitions.indices.contains(repetition) else { return nil }
        let components = repetitions[repetition]
        guard component >= 1, component <= components.count else { return nil }
        let subcomponents = components[component - 1]
        guard subcomponent >= 1, subcomponent <= subcomponents.count else { return nil }
        let text = subcomponents[subcomponent - 1]
        return text.isEmpty ? nil : text
    }

    /// The first component of the first repetition: the field's value when it has no structure.
    public var first: String? { value() }
}
