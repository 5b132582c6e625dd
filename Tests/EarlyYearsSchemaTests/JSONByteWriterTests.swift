@testable import EarlyYearsSchema
import Foundation
import Testing

/// ``EventTree/json(style:)`` writes through ``JSONByteWriter``: generated trees, with strings
/// that need every kind of escape and integers across the whole range, must come out exactly as
/// `JSONEncoder` and `JSONSerialization` write them.
@Suite("JSON byte writer")
struct JSONByteWriterTests {
    /// A tree encoded member by member, so that `JSONEncoder` writes it as it writes the model.
    struct Encoded: Encodable {
        let tree: EventTree

        struct Key: CodingKey {
            let stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            switch tree {
            case .array(let elements):
                var container = encoder.unkeyedContainer()
                for element in elements { try container.encode(Encoded(tree: element)) }
            case .object(let object):
                var container = encoder.container(keyedBy: Key.self)
                for (key, value) in object { try container.encode(Encoded(tree: value), forKey: Key(stringValue: key)) }
            case .null, .bool, .int, .double, .string:
                var container = encoder.singleValueContainer()
                switch tree {
                case .bool(let value): try container.encode(value)
                case .int(let value): try container.encode(value)
                case .double(let value): try container.encode(value)
                case .string(let value): try container.encode(value)
                default: try container.encodeNil()
                }
            }
        }
    }

    static func foundationValue(_ tree: EventTree) -> Any {
        switch tree {
        case .null: NSNull()
        case .bool(let value): value
        case .int(let value): value
        case .double(let value): value
        case .string(let value): value
        case .array(let elements): elements.map(foundationValue)
        case .object(let object): Dictionary(uniqueKeysWithValues: object.map { ($0.key, foundationValue($0.value)) })
        }
    }

    /// Text from pieces that each need different handling: plain ASCII runs, every control
    /// character, quotes, backslashes, slashes, DEL, and two-, three- and four-byte UTF-8.
    static func text(_ generator: inout some RandomNumberGenerator) -> String {
        let pieces = ["a", "plain text ", "\"", "\\", "/", "\u{7f}", "é", "Siân", "€", "😀", "\u{2028}", "0"]
            + (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }
        let length = Int.random(in: 0...12, using: &generator)
        return (0..<length).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    static func tree(depth: Int, _ generator: inout some RandomNumberGenerator) -> EventTree {
        let integers = [0, 1, -1, 9, 10, 99, 100, -100, Int.max, Int.min, Int.min + 1, 1 << 53, 60]
        switch Int.random(in: 0..<(depth > 2 ? 6 : 8), using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .int(Bool.random(using: &generator) ? integers.randomElement(using: &generator)! : Int.random(in: Int.min...Int.max, using: &generator))
        case 3: return .double([0.5, 20.25, -3.0, 1e-7, 123456789.125, 45, 0, -0.0, 60, 999_999_999_999_999, 1e15, -1e15, 1e16, 9007199254740993, 1e300, 5e-324].randomElement(using: &generator)!)
        case 4, 5: return .string(text(&generator))
        case 6: return .array((0..<Int.random(in: 0...4, using: &generator)).map { _ in tree(depth: depth + 1, &generator) })
        default:
            var object = EventObject()
            for _ in 0..<Int.random(in: 0...5, using: &generator) {
                let key = String((0..<Int.random(in: 1...6, using: &generator)).map { _ in "abz_09".randomElement(using: &generator)! })
                object[Bool.random(using: &generator) ? key : text(&generator)] = tree(depth: depth + 1, &generator)
            }
            return .object(object)
        }
    }

    @Test("generated trees are written byte for byte as JSONEncoder and JSONSerialization write them")
    func generatedTrees() throws {
        var generator = SystemRandomNumberGenerator()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var escapedSomething = false
        for _ in 0..<3_000 {
            // Objects at the top, as JSONSerialization takes.
            var object = EventObject()
            for index in 0..<Int.random(in: 1...6, using: &generator) { object["k\(index)"] = Self.tree(depth: 0, &generator) }
            let tree = EventTree.object(object)
            let written = try tree.json(style: .encoder)
            #expect(written == [UInt8](try encoder.encode(Encoded(tree: tree))))
            let serialized = [UInt8](try JSONSerialization.data(withJSONObject: Self.foundationValue(tree), options: [.sortedKeys]))
            #expect(try tree.json(style: .serialization) == serialized)
            escapedSomething = escapedSomething || written.contains(UInt8(ascii: "\\"))
        }
        #expect(escapedSomething)
    }

    @Test("an output longer than the first buffer grows without losing a byte")
    func growth() throws {
        let long = String(repeating: "é\"/\u{1}x", count: 5_000)
        let tree = EventTree.object(["a": .array(Array(repeating: .string(long), count: 3)), "b": .int(Int.min)])
        let expected = [UInt8](try JSONSerialization.data(withJSONObject: Self.foundationValue(tree), options: [.sortedKeys]))
        #expect(try tree.json(style: .serialization) == expected)
        #expect(expected.count > 60_000)
    }
}
