import Foundation
import SourceFormats
import Testing

@Suite("XML")
struct XMLParserTests {
    static let cinSample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/fixtures/cin-census/cin-2022-sample.xml")

    @Test("the published CIN census sample parses, with its children and identifiers")
    func cinSampleParses() throws {
        let root = try XMLDocumentParser.parse([UInt8](Data(contentsOf: Self.cinSample)))
        #expect(root.name == "Message")
        let children = root.descendants(path: ["Children", "Child"])
        #expect(!children.isEmpty)
        let upns = children.compactMap { $0.child("ChildIdentifiers")?.child("UPN")?.text }
        #expect(upns.contains("A123456789123"), "the sample's UPN with a wrong check letter is read as sent")
        let laIDs = children.compactMap { $0.child("ChildIdentifiers")?.child("LAchildID")?.text }
        #expect(laIDs.count == children.count)
    }

    @Test("namespaces are resolved and repeated elements kept in order")
    func namespacesAndRepeats() throws {
        let xml = #"""
        <?xml version="1.0"?>
        <c:Children xmlns:c="urn:example:cin"><c:Child n="1"><c:Name>Aoife</c:Name></c:Child><c:Child n="2"><c:Name>Siân</c:Name></c:Child></c:Children>
        """#
        let root = try XMLDocumentParser.parse(Array(xml.utf8))
        #expect(root.name == "Children")
        #expect(root.namespace == "urn:example:cin")
        #expect(root.children(named: "Child").map { $0.attributes["n"] } == ["1", "2"])
        #expect(root.descendants(path: ["Child", "Name"]).map(\.text) == ["Aoife", "Siân"])
    }

    @Test("a malformed document is an error with its position, and never quotes the document")
    func malformed() {
        let xml = "<Message>\n  <Child>\n    <Name>Smith</Nme>\n  </Child>\n</Message>"
        let error = #expect(throws: SourceFormatError.self) { try XMLDocumentParser.parse(Array(xml.utf8)) }
        #expect(error?.rule == "xml.malformed")
        #expect(error?.position?.line == 3)
        #expect(!(error?.description.contains("Smith") ?? true))
    }

    @Test("invalid UTF-8 is refused, and declared ISO-8859-1 is read")
    func encodings() throws {
        let broken: [UInt8] = Array("<Mes".utf8) + [0xF6] + Array("ge/>".utf8)
        let error = #expect(throws: SourceFormatError.self) { try XMLDocumentParser.parse(broken) }
        #expect(error?.rule == "xml.encoding")
        let latin1: [UInt8] = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><Name>Si".utf8) + [0xE2] + Array("n</Name>".utf8)
        #expect(try XMLDocumentParser.parse(latin1).text == "Siân")
    }

    @Test("external entities are not loaded")
    func noExternalEntities() throws {
        let xml = #"""
        <?xml version="1.0"?>
        <!DOCTYPE r [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
        <r>&secret;</r>
        """#
        if let root = try? XMLDocumentParser.parse(Array(xml.utf8)) {
            #expect(!root.text.contains("root:"), "the entity must not be expanded from disk")
        }
    }

    @Test("limits bound the size, each text and the number of elements")
    func limits() {
        #expect(throws: SourceFormatError.self) {
            try XMLDocumentParser.parse(Array("<a><b/></a>".utf8), limits: SizeLimits(maxDocumentBytes: 5))
        }
        let elements = #expect(throws: SourceFormatError.self) {
            try XMLDocumentParser.parse(Array("<a><b/><b/><b/></a>".utf8), limits: SizeLimits(maxRecords: 2))
        }
        #expect(elements?.rule == "xml.element-limit")
        let text = #expect(throws: SourceFormatError.self) {
            try XMLDocumentParser.parse(Array("<a>abcdefgh</a>".utf8), limits: SizeLimits(maxFieldBytes: 4))
        }
        #expect(text?.rule == "xml.field-limit")
    }
}
