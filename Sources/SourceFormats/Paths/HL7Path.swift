/// A path into an HL7 v2 message: `SEG-field[selector].component.subcomponent`.
///
/// - `PID-3.1`: the first component of PID-3's first repetition.
/// - `PID-3[NHS].1`: the first component of the PID-3 repetition that has a component equal to
///   `NHS` (such as `9434765919^^^NHS^NH`).
/// - `PID-3[5=MR].1`: the repetition whose fifth component is `MR`.
/// - `PID-3[*].1`: every repetition.
/// - `OBX-5`: the field's first value, in every OBX segment when several match.
/// - `OBX[3.1=ASQ3-COM]-5`: OBX-5 of the OBX segments whose OBX-3 component 1 is `ASQ3-COM`
///   (`OBX[3=X]` compares component 1; any repetition of the field may match).
public struct HL7Path: Sendable, Hashable, CustomStringConvertible {
    public enum Selector: Sendable, Hashable {
        case first
        case all
        case anyComponent(equals: String)
        case component(Int, equals: String)
    }

    public let segment: String
    /// Which segments of that name are read: those where a field's component has a value.
    public let segmentFilter: SegmentFilter?

    public struct SegmentFilter: Sendable, Hashable {
        public var field: Int
        public var component: Int
        public var value: String
    }
    public let field: Int
    public let selector: Selector
    public let component: Int
    public let subcomponent: Int
    public let description: String

    public init(_ text: String) throws(SourceFormatError) {
        description = text
        let invalid = SourceFormatError(format: "hl7-path", rule: "path.hl7", reason: "expected SEG-field[selector].component.subcomponent")
        guard text.count > 3 else { throw invalid }
        let nameEnd = text.index(text.startIndex, offsetBy: 3)
        segment = String(text[..<nameEnd])
        var afterName = text[nameEnd...]
        if afterName.first == "[" {
            guard let close = afterName.firstIndex(of: "]"), let equals = afterName[..<close].firstIndex(of: "=") else { throw invalid }
            let position = afterName[afterName.index(after: afterName.startIndex)..<equals].split(separator: ".", omittingEmptySubsequences: false)
            guard (1...2).contains(position.count), let field = Int(position[0]), field >= 1,
                  let component = position.count == 2 ? Int(position[1]) : 1, component >= 1 else { throw invalid }
            segmentFilter = SegmentFilter(field: field, component: component, value: String(afterName[afterName.index(after: equals)..<close]))
            afterName = afterName[afterName.index(after: close)...]
        } else {
            segmentFilter = nil
        }
        guard afterName.first == "-" else { throw invalid }
        var rest = afterName.dropFirst()
        let fieldDigits = rest.prefix { $0.isNumber }
        guard let field = Int(fieldDigits), field >= 1 else { throw invalid }
        self.field = field
        rest = rest.dropFirst(fieldDigits.count)
        var selector = Selector.first
        if rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else { throw invalid }
            let inside = String(rest[rest.index(after: rest.startIndex)..<close])
            if inside == "*" {
                selector = .all
            } else if let equals = inside.firstIndex(of: "="), let index = Int(inside[..<equals]), index >= 1 {
                selector = .component(index, equals: String(inside[inside.index(after: equals)...]))
            } else if !inside.isEmpty {
                selector = .anyComponent(equals: inside)
            } else {
                throw invalid
            }
            rest = rest[rest.index(after: close)...]
        }
        self.selector = selector
        let numbers = rest.split(separator: ".", omittingEmptySubsequences: false).dropFirst()
        guard rest.isEmpty || rest.first == ".", numbers.count <= 2 else { throw invalid }
        let parsed = numbers.map { Int($0) }
        guard parsed.allSatisfy({ ($0 ?? 0) >= 1 }) else { throw invalid }
        component = parsed.first.flatMap { $0 } ?? 1
        subcomponent = parsed.dropFirst().first.flatMap { $0 } ?? 1
    }

    /// Every value the path designates, in message order (empty values are left out).
    public func values(in message: HL7Message) -> [String] {
        message.segments(named: segment).filter(matches).flatMap { values(in: $0) }
    }

    private func matches(_ candidate: HL7Segment) -> Bool {
        guard let filter = segmentFilter else { return true }
        return candidate.field(filter.field).repetitions.contains { components in
            filter.component <= components.count && components[filter.component - 1].first == filter.value
        }
    }

    /// The values the path designates within one segment.
    public func values(in segment: HL7Segment) -> [String] {
        let field = segment.field(self.field)
        let repetitions = field.repetitions.indices.filter { index in
            let components = field.repetitions[index]
            switch selector {
            case .first: return index == 0
            case .all: return true
            case .anyComponent(let value): return components.contains { $0.first == value }
            case .component(let position, let value): return position <= components.count && components[position - 1].first == value
            }
        }
        return repetitions.compactMap { field.value(repetition: $0, component: component, subcomponent: subcomponent) }
    }
}
