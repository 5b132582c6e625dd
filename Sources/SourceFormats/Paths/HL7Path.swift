/// A path into an HL7 v2 message: `SEG-field[selector].component.subcomponent`.
///
/// - `PID-3.1`: the first component of PID-3's first repetition.
/// - `PID-3[NHS].1`: the first component of the PID-3 repetition that has a component equal to
///   `NHS` (such as `9434765919^^^NHS^NH`).
/// - `PID-3[5=MR].1`: the repetition whose fifth component is `MR`.
/// - `PID-3[*].1`: every repetition.
/// - `OBX-5`: the field's first value, in every OBX segment when several match.
public struct HL7Path: Sendable, Hashable, CustomStringConvertible {
    public enum Selector: Sendable, Hashable {
        case first
        case all
        case anyComponent(equals: String)
        case component(Int, equals: String)
    }

    public let segment: String
    public let field: Int
    public let selector: Selector
    public let component: Int
    public let subcomponent: Int
    public let description: String

    public init(_ text: String) throws(SourceFormatError) {
        description = text
        let invalid = SourceFormatError(format: "hl7-path", rule: "path.hl7", reason: "expected SEG-field[selector].component.subcomponent")
        let dash = text.firstIndex(of: "-")
        guard let dash, text.distance(from: text.startIndex, to: dash) == 3 else { throw invalid }
        segment = String(text[..<dash])
        var rest = text[text.index(after: dash)...]
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
        message.segments(named: segment).flatMap { values(in: $0) }
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
