import EarlyYearsSchema
import SourceFormats

/// Reads a canonical event's JSON with the hub's own parser into an ``EventTree`` and decodes it
/// through the model (``EarlyYearsEvent/decoded(from:)``): the same checks as `JSONDecoder`
/// (required members, code lists, no property the schema does not define), at a fraction of the
/// cost, and the event's tree for minimising comes with it.
public enum CanonicalEventReader {
    public struct Unreadable: Error {
        /// The member at fault, when the model's decoding names one.
        public var fieldPath: String?
    }

    public static func read(_ bytes: [UInt8]) throws(Unreadable) -> (event: EarlyYearsEvent, tree: EventTree) {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw Unreadable(fieldPath: nil) }
        do {
            return try EarlyYearsEvent.decoded(from: tree(value))
        } catch let error as DecodingError {
            throw Unreadable(fieldPath: error.fieldPath)
        } catch {
            throw Unreadable(fieldPath: nil)
        }
    }

    /// The tree JSONDecoder would see: integers as integers, other numbers as doubles.
    public static func tree(_ value: JSONValue) -> EventTree {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .string(let text): return .string(text)
        case .number(let text):
            if !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let integer = Int(text) { return .int(integer) }
            return .double(Double(text) ?? .nan)
        case .array(let elements): return .array(elements.map(tree))
        case .object(let members):
            var object = EventObject(minimumCapacity: members.count)
            for (key, member) in members { object[key] = tree(member) }
            return .object(object)
        }
    }
}
