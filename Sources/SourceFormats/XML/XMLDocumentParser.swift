import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads an XML document into a tree of ``XMLNode``s, resolving namespaces. External entities are
/// never loaded. Errors give the line and column where the parser stopped.
public enum XMLDocumentParser {
    static let format = "xml"

    public static func parse(_ bytes: some Collection<UInt8>, limits: SizeLimits = SizeLimits()) throws(SourceFormatError) -> XMLNode {
        guard bytes.count <= limits.maxDocumentBytes else {
            throw SourceFormatError(format: format, rule: "xml.size-limit", reason: "the document is larger than \(limits.maxDocumentBytes) bytes")
        }
        // FoundationXML traps on names that are not valid UTF-8, so the bytes are checked (or, for a
        // declared ISO-8859-1 document, transcoded) before it sees them.
        let parser = XMLParser(data: Data(try utf8(Array(bytes))))
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        let builder = TreeBuilder(limits: limits, parser: parser)
        parser.delegate = builder
        let succeeded = parser.parse()
        if let failure = builder.failure { throw failure }
        guard succeeded, let root = builder.root else {
            let position = builder.errorPosition ?? SourcePosition(line: max(1, parser.lineNumber), column: max(1, parser.columnNumber))
            throw SourceFormatError(format: format, rule: "xml.malformed", reason: "the document is not well-formed XML", position: position)
        }
        return root
    }
}

extension XMLDocumentParser {
    static func utf8(_ bytes: [UInt8]) throws(SourceFormatError) -> [UInt8] {
        if String(validating: bytes, as: UTF8.self) != nil { return bytes }
        let prolog = String(decoding: bytes.prefix(100), as: UTF8.self).lowercased()
        guard prolog.hasPrefix("<?xml"), prolog.contains("iso-8859-1") || prolog.contains("latin1") else {
            throw SourceFormatError(format: format, rule: "xml.encoding",
                                    reason: "the document is neither UTF-8 nor declared ISO-8859-1")
        }
        // ISO-8859-1 maps each byte to the Unicode scalar of the same value.
        var text = String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        if let declaration = text.range(of: "?>") {
            let head = text[..<declaration.lowerBound]
                .replacingOccurrences(of: "ISO-8859-1", with: "UTF-8", options: .caseInsensitive)
                .replacingOccurrences(of: "latin1", with: "UTF-8", options: .caseInsensitive)
            text = head + text[declaration.lowerBound...]
        }
        return Array(text.utf8)
    }
}

/// Builds the tree from XMLParser's callbacks. Used on one thread, by one parse.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    let limits: SizeLimits
    weak var parser: XMLParser?
    var stack: [XMLNode] = []
    var texts: [String] = []
    var root: XMLNode?
    var failure: SourceFormatError?
    /// Where libxml2 first reported a well-formedness error.
    var errorPosition: SourcePosition?
    var elements = 0

    init(limits: SizeLimits, parser: XMLParser) {
        self.limits = limits
        self.parser = parser
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements += 1
        if elements > limits.maxRecords {
            fail(parser, rule: "xml.element-limit", reason: "the document has more than \(limits.maxRecords) elements")
            return
        }
        let namespace = namespaceURI.flatMap { $0.isEmpty ? nil : $0 }
        stack.append(XMLNode(name: elementName, namespace: namespace, attributes: attributes, children: [], text: "", line: parser.lineNumber))
        texts.append("")
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !texts.isEmpty else { return }
        texts[texts.count - 1] += string
        if texts[texts.count - 1].utf8.count > limits.maxFieldBytes {
            fail(parser, rule: "xml.field-limit", reason: "an element's text is longer than \(limits.maxFieldBytes) bytes")
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard var node = stack.popLast(), let text = texts.popLast() else { return }
        node.text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if stack.isEmpty {
            root = node
        } else {
            stack[stack.count - 1].children.append(node)
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if errorPosition == nil {
            errorPosition = SourcePosition(line: max(1, parser.lineNumber), column: max(1, parser.columnNumber))
        }
    }

    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        nil
    }

    private func fail(_ parser: XMLParser, rule: String, reason: String) {
        guard failure == nil else { return }
        failure = SourceFormatError(format: XMLDocumentParser.format, rule: rule, reason: reason,
                                    position: SourcePosition(line: parser.lineNumber, column: parser.columnNumber))
        parser.abortParsing()
    }
}
