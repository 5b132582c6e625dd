/// Any JSON value; used to find properties in an input that the typed model did not take up.
enum JSONValue: Sendable, Hashable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// The dotted path of the first object member in `self` that `other` lacks at the same place.
    /// Only structure is compared: a member whose value is `null` counts as absent from `self`'s
    /// counterpart because the model encodes no `null`s.
    func firstPath(notIn other: JSONValue, at path: String = "") -> String? {
        switch (self, other) {
        case (.object(let mine), .object(let theirs)):
            for key in mine.keys.sorted() {
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                guard let counterpart = theirs[key] else { return childPath }
                if let found = mine[key]!.firstPath(notIn: counterpart, at: childPath) { return found }
            }
            return nil
        case (.array(let mine), .array(let theirs)):
            for (index, element) in mine.enumerated() where index < theirs.count {
                if let found = element.firstPath(notIn: theirs[index], at: "\(path)[\(index)]") { return found }
            }
            return nil
        default:
            return nil
        }
    }
}
