/// A mapping file that cannot be used, with the file, line and field at fault.
public struct MappingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    /// The mapping key or target field, such as `events[0].fields.subject.birth_date`.
    public var field: String
    public var reason: String

    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(field): \(reason)"
    }
}
