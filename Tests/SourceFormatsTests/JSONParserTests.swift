import Foundation
import SourceFormats
import Testing

@Suite("JSON")
struct JSONParserTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/fixtures/dch-fhir-stu3")

    func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    @Test("values, nesting, escapes and surrogate pairs")
    func values() throws {
        let document = try parse(#"{"name":"Si\u00e2n","emoji":"\ud83d\ude00","n":[1,-2.5,3e2,0],"ok":true,"none":null,"nested":{"a":[]}}"#)
        #expect(document["name"]?.stringValue == "Siân")
        #expect(document["emoji"]?.stringValue == "😀")
        #expect(document["n"]?.arrayValue?.count == 4)
        #expect(document["n"]?[2]?.numberValue == 300)
        #expect(document["n"]?[1] == .number("-2.5"))
        #expect(document["ok"] == .bool(true))
        #expect(document["none"] == .null)
        #expect(document["nested"]?["a"] == .array([]))
    }

    @Test("nested objects and arrays keep their own members and elements, in order")
    func nesting() throws {
        let wide = (1...9).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let document = try parse(#"{"a":[{"b":[1,{"c":2},[]],"d":{}},3],"e":{"# + wide + #"},"f":"x"}"#)
        #expect(document == .object([
            ("a", .array([.object([("b", .array([.number("1"), .object([("c", .number("2"))]), .array([])])), ("d", .object([]))]), .number("3")])),
            ("e", .object((1...9).map { ("k\($0)", .number("\($0)")) })),
            ("f", .string("x")),
        ]))
        let repeated = #expect(throws: SourceFormatError.self) { try parse(#"[{"x":{"# + wide + #","k3":0}}]"#) }
        #expect(repeated?.rule == "json.duplicate-key")
        #expect(repeated?.position == SourcePosition(line: 1, column: 71))
    }

    @Test("raw UTF-8 in strings is kept; a string that is not UTF-8 is an error at its start")
    func encoding() throws {
        #expect(try parse(#"{"naïve":"Siân","ascii":"plain"}"#) == .object([("naïve", .string("Siân")), ("ascii", .string("plain"))]))
        let invalid = #expect(throws: SourceFormatError.self) { try JSONParser.parse(Array(#"{"a": ""#.utf8) + [0x61, 0xC3, 0x28] + Array(#""}"#.utf8)) }
        #expect(invalid?.rule == "json.encoding")
        #expect(invalid?.position == SourcePosition(line: 1, column: 7))
    }

    @Test("every DCH example bundle parses, except the one published malformed")
    func dchFixtures() throws {
        let directory = Self.fixtures
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.count >= 39)
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(file)))
            if file == "DCH-Referral-Bundle-Example-1.json" {
                let error = #expect(throws: SourceFormatError.self, "\(file) is malformed as published") { try JSONParser.parse(bytes) }
                #expect(error?.position != nil)
            } else {
                let bundle = try JSONParser.parse(bytes)
                #expect(bundle["resourceType"]?.stringValue == "Bundle", "\(file)")
            }
        }
    }

    @Test("errors give the line and column, and the rule broken")
    func positions() {
        let missingComma = #expect(throws: SourceFormatError.self) { try parse("{\n  \"a\": 1\n  \"b\": 2\n}") }
        #expect(missingComma?.rule == "json.expected-comma")
        #expect(missingComma?.position == SourcePosition(line: 3, column: 3))
        let unterminated = #expect(throws: SourceFormatError.self) { try parse("{\"a\": \"Smith}") }
        #expect(unterminated?.rule == "json.unterminated-string")
        #expect(unterminated?.position == SourcePosition(line: 1, column: 7))
        #expect(!(unterminated?.description.contains("Smith") ?? true), "errors never quote the document")
    }

    @Test("strictness: duplicate keys, trailing text, leading zeros, raw control characters, bad escapes")
    func strictness() {
        for (text, rule) in [
            (#"{"a":1,"a":2}"#, "json.duplicate-key"),
            ("{} x", "json.trailing-content"),
            ("[01]", "json.invalid-number"),
            ("[\"a\u{01}\"]", "json.control-character"),
            (#"["\x"]"#, "json.invalid-escape"),
            (#"["\ud800"]"#, "json.invalid-escape"),
            ("[1,]", "json.unexpected-character"),
            ("", "json.unexpected-end"),
            ("[tru]", "json.invalid-literal"),
        ] {
            let error = #expect(throws: SourceFormatError.self, "\(text)") { try parse(text) }
            #expect(error?.rule == rule, "\(text)")
        }
    }

    @Test("limits bound the size, each string and the nesting depth")
    func limits() {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        let depth = #expect(throws: SourceFormatError.self) { try parse(deep) }
        #expect(depth?.rule == "json.depth-limit")
        let small = JSONParser.Limits(size: SizeLimits(maxDocumentBytes: 5))
        #expect(throws: SourceFormatError.self) { try JSONParser.parse(Array("[1,2,3]".utf8), limits: small) }
        let field = JSONParser.Limits(size: SizeLimits(maxFieldBytes: 3))
        let long = #expect(throws: SourceFormatError.self) { try JSONParser.parse(Array(#"["abcdef"]"#.utf8), limits: field) }
        #expect(long?.rule == "json.field-limit")
    }

    @Test("20,000 generated strings, as names and values, kept and left out, read back exactly what was written; a raw control character, a byte that is not UTF-8 or a string over the limit anywhere in one is refused")
    func generatedStrings() throws {
        var random = RobustnessTests.SplitMix(state: 0x5712)
        let scalars: [Unicode.Scalar] = ["a", "Z", "0", " ", "/", "~", "\"", "\\", "\n", "\t", "\u{1}", "\u{1F}", "\u{7F}", "é", "\u{301}", "€", "\u{10348}"]
        var refusals = 0
        for index in 0..<20_000 {
            let content = String(String.UnicodeScalarView((0..<Int.random(in: 0...40, using: &random)).map { _ in scalars.randomElement(using: &random)! }))
            var written: [UInt8] = []
            // Where each written character starts, and the end: the places a spoiling byte may go.
            var boundaries = [0]
            for scalar in content.unicodeScalars {
                defer { boundaries.append(written.count) }
                switch scalar {
                case "\"": written += Array(#"\""#.utf8)
                case "\\": written += Array(#"\\"#.utf8)
                case "\n": written += Array(#"\n"#.utf8)
                case _ where scalar.value < 0x20: written += Array(String(format: "\\u%04x", scalar.value).utf8)
                case "é" where Bool.random(using: &random): written += Array(#"\u00E9"#.utf8)
                case "\u{10348}" where Bool.random(using: &random): written += Array(#"\ud800\udf48"#.utf8)
                default: written += Array(String(scalar).utf8)
                }
            }
            // One string in eight is spoilt at a random place.
            let spoilt = Int.random(in: 0..<8, using: &random) == 0
            if spoilt { written.insert([0x01, 0xFF, 0x0A].randomElement(using: &random)!, at: boundaries.randomElement(using: &random)!) }
            let limit = Int.random(in: 0..<4, using: &random) == 0 ? Int.random(in: 1...40, using: &random) : 1 << 20
            let limits = JSONParser.Limits(size: SizeLimits(maxFieldBytes: limit))
            let string = [UInt8(ascii: "\"")] + written + [UInt8(ascii: "\"")]
            let documents = [
                Array(#"{"k":"#.utf8) + string + Array("}".utf8),
                Array(#"{"k":{"x":"#.utf8) + string + Array("}}".utf8),
                Array("{".utf8) + string + Array(#":1,"k":2}"#.utf8),
            ]
            let projection = JSONProjection(membersNamed: ["k"])
            for (shape, document) in documents.enumerated() {
                for kept in [nil, projection] {
                    let read = Result { () throws(SourceFormatError) in try JSONParser.parse(document, limits: limits, projection: kept) }
                    if spoilt || content.utf8.count > limit {
                        guard case .failure(let error) = read else {
                            Issue.record("#\(index) shape \(shape): read a string it should refuse")
                            continue
                        }
                        refusals += 1
                        // A spoiling byte counts towards the limit too.
                        let expected: Set<String> = content.utf8.count + (spoilt ? 1 : 0) > limit ? ["json.field-limit", "json.control-character", "json.encoding"] : ["json.control-character", "json.encoding"]
                        #expect(expected.contains(error.rule), "#\(index) shape \(shape): \(error.rule)")
                        #expect(error.position?.line == 1, "#\(index) shape \(shape)")
                        continue
                    }
                    let value = try read.get()
                    switch shape {
                    case 0: #expect(value == .object([("k", .string(content))]), "#\(index)")
                    case 1: #expect(value == .object([("k", kept == nil ? .object([("x", .string(content))]) : .object([]))]), "#\(index)")
                    default:
                        let members: [(key: String, value: JSONValue)] = kept == nil || content == "k" ? [(content, .number("1")), ("k", .number("2"))] : [("k", .number("2"))]
                        #expect(content == "k" ? true : value == .object(members), "#\(index)")
                    }
                }
            }
        }
        #expect(refusals > 5_000, "\(refusals) refusals")
    }
}
