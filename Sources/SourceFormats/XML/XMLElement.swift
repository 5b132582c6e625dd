/// An XML element with its namespace, attributes, text and children, in document order.
public struct XMLNode: Sendable, Hashable {
    /// The local name, without any prefix.
    public var name: String
    /// The namespace URI, or `nil` for none.
    public var namespace: String?
    public var attributes: [String: String]
    public var children: [XMLNode]
    /// The element's own text (not its descendants'), with surrounding whitespace removed.
    public var text: String
    /// Where the element starts.
    public var line: Int

    /// Child elements with this local name.
    public func children(named name: String) -> [XMLNode] {
        children.filter { $0.name == name }
    }

    /// The first child element with this local name.
    public func child(_ name: String) -> XMLNode? {
        children.first { $0.name == name }
    }

    /// Whether `other` has the same name, namespace, attributes, text and children, wherever
    /// either starts.
    public func hasSameContent(as other: XMLNode) -> Bool {
        name == other.name && namespace == other.namespace && attributes == other.attributes && text == other.text
            && children.count == other.children.count && zip(children, other.children).allSatisfy { $0.hasSameContent(as: $1) }
    }

    /// Follows a path of child names, such as `["Header", "Source", "LEA"]`; returns every match.
    public func descendants(path: [String]) -> [XMLNode] {
        guard let first = path.first else { return [self] }
        return children(named: first).flatMap { $0.descendants(path: Array(path.dropFirst())) }
    }
}
