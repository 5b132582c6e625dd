@testable import SourceFormats
import Testing

/// Every parser, fed arbitrary and mutated input, either returns a document or throws a
/// `SourceFormatError`: no crash, no hang, no other error.
@Suite("Parser robustness")
struct RobustnessTests {
    /// A small deterministic generator, so that a failure can be reproduced from its seed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let seeds: [[UInt8]] = [
        Array("id,name,dob\n1,\"O'Brien, Aoife\",2024-01-30\n2,Siân,30/01/2024\n".utf8),
        Array(#"{"resourceType":"Bundle","type":"message","entry":[{"resource":{"resourceType":"MessageHeader","event":{"code":"CH004"}}}]}"#.utf8),
        Array("<Message><Child><UPN>A950000178301</UPN></Child></Message>".utf8),
        Array("MSH|^~\\&|CHIS|RR8\rPID|1||9434765919^^^NHS^NH||DAVIES^SIÂN\rOBX|1|NM|716619000||25".utf8),
    ]

    /// Random bytes, and seeds with random bytes flipped, inserted and removed.
    static func inputs(count: Int, seed: UInt64) -> [[UInt8]] {
        var random = SplitMix(state: seed)
        return (0..<count).map { index in
            if index % 4 == 0 {
                return (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            }
            var bytes = seeds[index % seeds.count]
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let position = Int.random(in: 0...bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0 where position < bytes.count: bytes[position] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes.insert(seeds.randomElement(using: &random)!.randomElement(using: &random)!, at: position)
                default: if position < bytes.count { bytes.remove(at: position) }
                }
            }
            return bytes
        }
    }

    @Test("20,000 mutated inputs per parser end as a document or a SourceFormatError")
    func mutatedInputs() {
        for (index, input) in Self.inputs(count: 20_000, seed: 0x5EED).enumerated() {
            let text = String(decoding: input, as: UTF8.self)
            expectParsesOrRefuses("csv #\(index)") { _ = try CSVParser.parse(input) }
            expectParsesOrRefuses("json #\(index)") { _ = try JSONParser.parse(input) }
            expectParsesOrRefuses("fhir #\(index)") { _ = try FHIRBundleParser.parse(input) }
            expectParsesOrRefuses("hl7 #\(index)") { _ = try HL7Parser.parse(text) }
            if index % 10 == 0 { expectParsesOrRefuses("xml #\(index)") { _ = try XMLDocumentParser.parse(input) } }
        }
    }

    /// `count` copies of the seeds in turn, each with up to four bytes changed to, or inserted
    /// from, `alphabet`, or removed.
    static func mutations(of seeds: [[UInt8]], count: Int, seed: UInt64, alphabet: [UInt8]) -> [[UInt8]] {
        var random = SplitMix(state: seed)
        return (0..<count).map { index in
            var bytes = seeds[index % seeds.count]
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                let position = Int.random(in: 0...bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0 where position < bytes.count: bytes[position] = alphabet.randomElement(using: &random)!
                case 1: bytes.insert(alphabet.randomElement(using: &random)!, at: position)
                default: if position < bytes.count { bytes.remove(at: position) }
                }
            }
            return bytes
        }
    }

    /// `value` with only the object members named in `names`, at any depth.
    static func projected(_ value: JSONValue, _ names: Set<String>) -> JSONValue {
        switch value {
        case .object(let members): .object(members.filter { names.contains($0.key) }.map { ($0.key, projected($0.value, names)) })
        case .array(let elements): .array(elements.map { projected($0, names) })
        default: value
        }
    }

    static let keptNames: Set<String> = ["resourceType", "entry", "resource", "event", "code", "a", "é", "b\"c"]

    @Test("keeping only some members reads and refuses 20,000 mutated documents exactly as reading them all")
    func keepingSomeMembers() {
        let seeds: [[UInt8]] = [
            Self.seeds[1],
            Array(#"{"a":{"b":[1,{"a":"x","z":"\u00e9\"","é":[true,null]}],"e\u0301":2,"b\"c":"d"},"zz":"ÿ","a2":-1.5e3}"#.utf8),
        ]
        for (index, bytes) in Self.mutations(of: seeds, count: 20_000, seed: 0xC0FFEE, alphabet: seeds[1]).enumerated() {
            let all = Result { () throws(SourceFormatError) in try JSONParser.parse(bytes) }
            let some = Result { () throws(SourceFormatError) in try JSONParser.parse(bytes, keeping: Self.keptNames) }
            switch (all, some) {
            case (.success(let full), .success(let kept)): #expect(kept == Self.projected(full, Self.keptNames), "#\(index)")
            case (.failure(let full), .failure(let kept)): #expect(kept == full, "#\(index)")
            default: Issue.record("#\(index): one way read it and the other refused it")
            }
        }
    }

    /// `value` with only what `projection` leads to from `node` (nil: everything).
    static func projected(_ value: JSONValue, _ projection: JSONProjection, node: Int?) -> JSONValue {
        guard let node, !projection.entries[node].keepsAll else { return value }
        switch value {
        case .object(let members):
            return .object(members.compactMap { member in
                projection.entries[node].children[member.key].map { (member.key, projected(member.value, projection, node: $0)) }
            })
        case .array(let elements): return .array(elements.map { projected($0, projection, node: node) })
        default: return value
        }
    }

    @Test("a projection of nested paths, a cycle and a kept subtree reads and refuses 20,000 mutated documents exactly as reading them all")
    func projectingPaths() {
        var projection = JSONProjection()
        let a = projection.member("a", of: .root)
        projection.members(["b", "a"], of: a)
        projection.link("é", of: a, to: .root)
        projection.keepAll(below: projection.member("b\"c", of: a))
        projection.members(["entry", "resource", "event", "code"], of: .root)
        let seeds: [[UInt8]] = [
            Self.seeds[1],
            Array(#"{"a":{"b":[1,{"a":"x","z":"\u00e9\"","é":[true,null]}],"e\u0301":{"a":{"b":{"a":2}}},"b\"c":{"d":[{"q":1}]}},"zz":"ÿ","a2":-1.5e3}"#.utf8),
        ]
        var kept = 0
        for (index, bytes) in Self.mutations(of: seeds, count: 20_000, seed: 0x9A7, alphabet: seeds[1]).enumerated() {
            let all = Result { () throws(SourceFormatError) in try JSONParser.parse(bytes) }
            let some = Result { () throws(SourceFormatError) in try JSONParser.parse(bytes, projection: projection) }
            switch (all, some) {
            case (.success(let full), .success(let projected)):
                #expect(projected == Self.projected(full, projection, node: 0), "#\(index)")
                if projected != .object([]) { kept += 1 }
            case (.failure(let full), .failure(let projected)): #expect(projected == full, "#\(index)")
            default: Issue.record("#\(index): one way read it and the other refused it")
            }
        }
        #expect(kept > 1_000, "\(kept) documents kept something")
    }

    @Test("ASCII segments split as bytes read and refuse 20,000 mutated messages exactly as split by characters")
    func hl7BytesAndCharacters() {
        let seeds = [
            Self.seeds[3],
            Array("MSH|^~\\&|CHIS|RR8|EYHUB|LA|20250901||ORU^R01|M1|P|2.4\r\nPID|1||9434765919^^^NHS^NH~P1^^^CHIS^PI||O\\T\\BRIEN^AOIFE\\X41\\||20230130|F\nOBX|1|NM|ASQ3-COM^Communication||45~&^".utf8),
            Array("MSH#*!$%#A#B\rPID#1##x*y!z%w$F$#é#".utf8),
        ]
        var read = 0
        var asciiLines = 0
        let alphabet = seeds[1] + Array("|^~\\&\r\nXÂ\u{301}".utf8)
        for (index, bytes) in Self.mutations(of: seeds, count: 20_000, seed: 0x4C7, alphabet: alphabet).enumerated() {
            let text = String(decoding: bytes, as: UTF8.self)
            let asBytes = Result { () throws(SourceFormatError) in try HL7Parser.parse(text, limits: SizeLimits(), splittingASCIIAsBytes: true) }
            let asCharacters = Result { () throws(SourceFormatError) in try HL7Parser.parse(text, limits: SizeLimits(), splittingASCIIAsBytes: false) }
            #expect(asBytes == asCharacters, "#\(index)")
            if case .success(let message) = asBytes {
                read += 1
                asciiLines += message.segments.count { segment in segment.fields.allSatisfy { $0.repetitions.joined().joined().allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } } } }
            }
        }
        // Both ways were really taken: most messages read, with ASCII segments among them.
        #expect(read > 5_000 && asciiLines > 5_000, "\(read) read, \(asciiLines) ASCII segments")
    }

    private func expectParsesOrRefuses(_ label: String, _ body: () throws -> Void) {
        do {
            try body()
        } catch is SourceFormatError {
            // Refused with a positioned error: fine.
        } catch {
            Issue.record("\(label): unexpected \(type(of: error))")
        }
    }
}
