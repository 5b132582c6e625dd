import EarlyYearsSchema
import Foundation

/// A JSON object built up by dotted paths with optional indices (`payload.areas[1].score`).
struct JSONTree {
    private(set) var root: [String: Any] = [:]

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

    mutating func set(_ path: String, _ value: Any) {
        root = Self.setting(root, steps: Self.steps(path)[...], value: value) as? [String: Any] ?? root
    }

    func value(at path: String) -> Any? {
        var current: Any? = root
        for step in Self.steps(path) {
            switch step {
            case .key(let key): current = (current as? [String: Any])?[key]
            case .index(let index): current = (current as? [Any]).flatMap { $0.indices.contains(index) ? $0[index] : nil }
            case .list: return current
            }
        }
        return current
    }

    private static func setting(_ container: Any?, steps: ArraySlice<Step>, value: Any) -> Any {
        guard let step = steps.first else { return value }
        let rest = steps.dropFirst()
        switch step {
        case .key(let key):
            var object = container as? [String: Any] ?? [:]
            object[key] = setting(object[key], steps: rest, value: value)
            return object
        case .index(let index):
            var list = container as? [Any] ?? []
            while list.count <= index { list.append([String: Any]()) }
            list[index] = setting(list[index], steps: rest, value: value)
            return list
        case .list:
            return value
        }
    }

    /// Drops list members that no rule filled (`payload.areas[3]` when the source has no fourth
    /// area), so that indexed targets describe optional members rather than holes.
    mutating func removeEmptyListMembers() {
        root = Self.compacted(root) as? [String: Any] ?? root
    }

    private static func compacted(_ value: Any) -> Any {
        if let object = value as? [String: Any] { return object.mapValues(compacted) }
        if let list = value as? [Any] {
            return list.map(compacted).filter { member in !((member as? [String: Any])?.isEmpty ?? false) }
        }
        return value
    }

    /// Fills the check results the schema carries beside identifiers.
    mutating func completeIdentifiers() {
        if let nhs = value(at: "subject.nhs_number.value") as? String {
            set("subject.nhs_number.check_digit_valid", NHSNumber(nhs).isValid)
        }
        if let upn = value(at: "subject.upn.value") as? String {
            set("subject.upn.valid", UniquePupilNumber(upn).isValid)
        }
    }

    func canonicalData() -> Data {
        (try? JSONSerialization.data(withJSONObject: root, options: [.sortedKeys])) ?? Data()
    }

    func canonicalBytes() -> [UInt8] { [UInt8](canonicalData()) }
}
