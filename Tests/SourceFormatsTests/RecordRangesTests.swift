import Foundation
@testable import SourceFormats
import Testing

/// Cutting one record out of a many-record document: the bytes before the first record, the
/// record's and those after the last must parse as a document of that record alone.
@Suite("Record byte ranges")
struct RecordRangesTests {
    static let cinSample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/fixtures/cin-census/cin-2022-sample.xml")

    /// The document with only record `index` of `ranges` kept.
    static func alone(_ index: Int, of ranges: [Range<Int>], in bytes: [UInt8]) -> [UInt8] {
        RecordRanges.cut(index, ranges, bytes)
    }

    static func same(_ a: XMLNode, _ b: XMLNode) -> Bool { a.hasSameContent(as: b) }

    func checkXML(_ bytes: [UInt8], path: [String], expecting count: Int) throws {
        let root = try XMLDocumentParser.parse(bytes)
        let records = root.descendants(path: path)
        #expect(records.count == count)
        let ranges = try #require(RecordRanges.xml(bytes, path: path))
        #expect(ranges.count == records.count)
        for (index, record) in records.enumerated() {
            let alone = try XMLDocumentParser.parse(Self.alone(index, of: ranges, in: bytes))
            let kept = alone.descendants(path: path)
            #expect(kept.count == 1 && Self.same(kept[0], record), "record \(index)")
            // Everything else the document holds (its header) is still there.
            #expect(alone.children.filter { $0.name != path[0] }.count == root.children.filter { $0.name != path[0] }.count)
        }
    }

    static let multiChildCensus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("adapters/council-cin-xml/fixtures/in/01-census-multi-child.xml")

    @Test("the child of the DfE CIN census sample, and each child of a census return of several, alone with the return's header")
    func cinCensus() throws {
        try checkXML(try [UInt8](Data(contentsOf: Self.cinSample)), path: ["Children", "Child"], expecting: 1)
        try checkXML(try [UInt8](Data(contentsOf: Self.multiChildCensus)), path: ["Children", "Child"], expecting: 3)
    }

    @Test("prefixes, comments, CDATA, a doctype, attributes holding > and /, self-closing and nested look-alikes")
    func awkwardXML() throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE m:Message [ <!ENTITY x "y"> ]>
            <!-- <Children><Child>not a record</Child></Children> -->
            <m:Message xmlns:m="urn:test"><m:Header a="1>2"/>
              <m:Children>
                <m:Child id="a/b>c"><Name><![CDATA[</m:Child> <Child>]]></Name><Child>nested, not a record</Child></m:Child>
                <m:Child id='2'/>
                <Note>between records</Note>
                <m:Child id="3">text &amp; more<?pi </m:Child>?></m:Child>
              </m:Children>
            </m:Message>
            """
        try checkXML(Array(text.utf8), path: ["Children", "Child"], expecting: 3)
    }

    /// The awkward document of ``awkwardXML()``, and the JSON of ``json()``, mutated.
    static let awkwardText = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- <Children><Child>not a record</Child></Children> -->
        <m:Message xmlns:m="urn:test"><m:Header a="1>2"/>
          <m:Children>
            <m:Child id="a/b>c"><Name><![CDATA[</m:Child> <Child>]]></Name><Child>nested</Child></m:Child>
            <m:Child id='2'/>
            <Note>between</Note>
            <m:Child id="3">text &amp; more<?pi </m:Child>?></m:Child>
          </m:Children>
        </m:Message>
        """

    @Test("on 5,000 mutated documents a cut is given only when it is exactly its record, and it is for most")
    func mutatedDocuments() throws {
        var random = RobustnessTests.SplitMix(state: 0xD1CE)
        let xmlSeed = Array(Self.awkwardText.utf8)
        let jsonSeed = Array(#"{"h":{"n":"[x] {y}"},"r":[{"a":[1,{"b":"]"}]},"s,]}",[null],7,{"c":"\"}"}],"t":1}"#.utf8)
        var cuts = (xml: 0, json: 0)
        var refused = 0
        let documents = zip(RobustnessTests.mutations(of: [xmlSeed], count: 2_500, seed: random.next(), alphabet: xmlSeed),
                            RobustnessTests.mutations(of: [jsonSeed], count: 2_500, seed: random.next(), alphabet: jsonSeed)).flatMap { [$0, $1] }
        for (index, bytes) in documents.enumerated() {
            if index % 2 == 0 {
                let path = ["Children", "Child"]
                guard let root = try? XMLDocumentParser.parse(bytes), let ranges = RecordRanges.xml(bytes, path: path) else { continue }
                let records = root.descendants(path: path)
                guard ranges.count == records.count else { continue }
                for (position, record) in records.enumerated() {
                    guard let cut = RecordRanges.xmlDocument(of: position, ranges: ranges, in: bytes, path: path, record: record) else {
                        refused += 1
                        continue
                    }
                    let kept = try XMLDocumentParser.parse(cut).descendants(path: path)
                    #expect(kept.count == 1 && Self.same(kept[0], record), "document \(index), record \(position)")
                    cuts.xml += 1
                }
            } else {
                let pointer = try JSONPointer("/r")
                guard let document = try? JSONParser.parse(bytes), let elements = pointer.resolve(in: document)?.arrayValue,
                      let ranges = RecordRanges.json(bytes, at: pointer), ranges.count == elements.count else { continue }
                for (position, element) in elements.enumerated() {
                    guard let cut = RecordRanges.jsonDocument(of: position, ranges: ranges, in: bytes, at: pointer, record: element) else {
                        refused += 1
                        continue
                    }
                    #expect(pointer.resolve(in: try JSONParser.parse(cut))?.arrayValue == [element], "document \(index), element \(position)")
                    cuts.json += 1
                }
            }
        }
        #expect(cuts.xml > 500 && cuts.json > 300 && refused < (cuts.xml + cuts.json) / 10, "\(cuts), \(refused) refused")
    }

    @Test("a document the parser accepted only by recovering (an unbound prefix, a processing instruction without a target) gives no cut that fails to parse")
    func recoveredDocument() throws {
        // Found by the test above: libxml2 recovers from both errors in the whole document, but
        // not in the cut of its first record.
        let text = Self.awkwardText
            .replacingOccurrences(of: #"<m:Child id="a/b>c">"#, with: #"<lm:Child id="a/b>c">"#)
            .replacingOccurrences(of: "<?pi </m:Child>?>", with: "<? pi </m:Child>?>")
        let bytes = Array(text.utf8)
        let path = ["Children", "Child"]
        let records = try XMLDocumentParser.parse(bytes).descendants(path: path)
        let ranges = try #require(RecordRanges.xml(bytes, path: path))
        #expect(ranges.count == records.count && records.count == 3)
        #expect((try? XMLDocumentParser.parse(Self.alone(0, of: ranges, in: bytes))) == nil, "the bare cut does not parse")
        #expect(RecordRanges.xmlDocument(of: 0, ranges: ranges, in: bytes, path: path, record: records[0]) == nil)
    }

    @Test("a scan that does not match the markup gives no ranges, never wrong ones")
    func unmatchedXML() {
        #expect(RecordRanges.xml(Array("<a><b></c></a>".utf8), path: ["b"]) == nil)
        #expect(RecordRanges.xml(Array("<a><b>".utf8), path: ["b"]) == nil)
        #expect(RecordRanges.xml(Array("<a><!-- never closed".utf8), path: ["b"]) == nil)
    }

    @Test("each element of a JSON array at a pointer, alone with the rest of the document")
    func json() throws {
        let text = "\u{FEFF} {\"header\": {\"la\": \"383\", \"note\": \"[not] {an} \\\"array\\\"\"},\r\n \"batch\": {\"children\": [\n"
            + "  {\"id\": \"c1\", \"tags\": [\"a]\", {\"b\": [1, 2]}], \"n\": -1.5e3},\n"
            + "  \"just a string, with ] and }\",\n  [true, false, null],\n  42\n ]}, \"after\": [1]}"
        let bytes = Array(text.utf8)
        let document = try JSONParser.parse(bytes)
        let pointer = try JSONPointer("/batch/children")
        let elements = try #require(pointer.resolve(in: document)?.arrayValue)
        let ranges = try #require(RecordRanges.json(bytes, at: pointer))
        #expect(ranges.count == elements.count && elements.count == 4)
        for (index, element) in elements.enumerated() {
            let alone = try JSONParser.parse(Self.alone(index, of: ranges, in: bytes))
            #expect(pointer.resolve(in: alone)?.arrayValue == [element], "element \(index)")
            #expect(alone["header"] == document["header"] && alone["after"] == document["after"])
        }
        #expect(RecordRanges.json(bytes, at: try JSONPointer("/header")) == nil, "not an array")
        #expect(RecordRanges.json(bytes, at: try JSONPointer("/missing")) == nil)
        #expect(RecordRanges.json(Array("[[1], [2, 3]]".utf8), at: try JSONPointer("/1")) == [7..<8, 10..<11])
    }
}
