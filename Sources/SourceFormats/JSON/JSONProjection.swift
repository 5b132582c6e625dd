/// The parts of a JSON document a reader will look at, for ``JSONParser/parse(_:limits:projection:)``:
/// a graph of member names from the root. An array is transparent (each element is read as the
/// node that leads to the array says), and a node may keep everything below it. A member the graph
/// does not lead to is still read and checked, but not kept.
///
/// The graph may have cycles, for a structure that nests in itself, such as FHIR's contained
/// resources: ``link(_:of:to:)``.
public struct JSONProjection: Sendable, Hashable {
    public struct Node: Sendable, Hashable {
        let index: Int

        /// The document itself.
        public static let root = Node(index: 0)
    }

    struct Entry: Sendable, Hashable {
        var keepsAll = false
        var children: [String: Int] = [:]
        /// The children whose names are ASCII, by their length in bytes: a name written in ASCII
        /// without escapes (most are) is found by comparing bytes, without making a string.
        var ascii: [[ASCIIName]] = []
    }

    struct ASCIIName: Sendable, Hashable {
        let bytes: [UInt8]
        let node: Int
    }

    private(set) var entries: [Entry] = [Entry()] {
        didSet { table = Table(entries) }
    }
    /// The entries laid out for the parser's lookups, remade whenever they change.
    private(set) var table = Table([Entry()])

    public static func == (lhs: JSONProjection, rhs: JSONProjection) -> Bool { lhs.entries == rhs.entries }

    public func hash(into hasher: inout Hasher) { hasher.combine(entries) }

    /// The nodes' ASCII names in flat arrays: a name written in ASCII without escapes is found by
    /// its length and first eight bytes, then the rest compared, with no string made.
    final class Table: Sendable {
        struct Slot: Sendable {
            let length: Int
            /// The first (up to) eight bytes, as ``prefix(_:count:)`` packs them.
            let prefix: UInt64
            /// Where the name is in `names`.
            let offset: Int
            let node: Int
            /// The name made once, for every member kept under it.
            let name: String
        }

        let keepsAll: [Bool]
        /// Node `n`'s slots are `slots[firstSlot[n]..<firstSlot[n + 1]]`.
        let firstSlot: [Int]
        let slots: [Slot]
        let names: [UInt8]

        init(_ entries: [Entry]) {
            var firstSlot: [Int] = []
            var slots: [Slot] = []
            var names: [UInt8] = []
            for entry in entries {
                firstSlot.append(slots.count)
                for name in entry.ascii.joined() {
                    // An empty name (a valid JSON member name) has no bytes to read.
                    let prefix = name.bytes.isEmpty ? 0 : name.bytes.withUnsafeBufferPointer { Self.prefix($0.baseAddress!, count: $0.count) }
                    slots.append(Slot(length: name.bytes.count, prefix: prefix, offset: names.count, node: name.node,
                                      name: String(decoding: name.bytes, as: UTF8.self)))
                    names += name.bytes
                }
            }
            firstSlot.append(slots.count)
            keepsAll = entries.map(\.keepsAll)
            self.firstSlot = firstSlot
            self.slots = slots
            // Never empty, so that it always has a base address.
            self.names = names + [0]
        }

        /// The first `min(count, 8)` bytes at `start`, one per byte of the result.
        @inline(__always)
        static func prefix(_ start: UnsafePointer<UInt8>, count: Int) -> UInt64 {
            var packed: UInt64 = 0
            for offset in 0..<min(count, 8) { packed |= UInt64(start[offset]) << (offset * 8) }
            return packed
        }

        /// The slot of member `written` (`count` bytes of ASCII without escapes, whose first
        /// bytes are `prefix`, packed as ``prefix(_:count:)`` packs them) of `node`.
        func slot(of node: Int, written: UnsafePointer<UInt8>, count: Int, prefix: UInt64) -> Slot? {
            for slot in slots[firstSlot[node]..<firstSlot[node + 1]] where slot.length == count && slot.prefix == prefix {
                if count <= 8 { return slot }
                let same = names.withUnsafeBufferPointer { names in
                    (8..<count).allSatisfy { names[slot.offset + $0] == written[$0] }
                }
                if same { return slot }
            }
            return nil
        }
    }

    /// A projection that keeps nothing below the root until members are added.
    public init() {}

    /// Every member named in `names`, at any depth (the root links each name to itself).
    public init(membersNamed names: Set<String>) {
        for name in names { link(name, of: Node.root, to: Node.root) }
    }

    /// The node for member `name` of `node`, added when new.
    @discardableResult
    public mutating func member(_ name: String, of node: Node) -> Node {
        if let existing = entries[node.index].children[name] { return Node(index: existing) }
        entries.append(Entry())
        let added = Node(index: entries.count - 1)
        set(name, of: node, to: added.index)
        return added
    }

    /// The nodes along `path` from `node` (member names, each of the one before), added when new.
    @discardableResult
    public mutating func members(_ path: some Sequence<String>, of node: Node) -> Node {
        path.reduce(node) { member($1, of: $0) }
    }

    /// Makes member `name` of `node` read as `target` (which may be `node` or one above it). What
    /// was already kept below `name` is kept below `target` too.
    public mutating func link(_ name: String, of node: Node, to target: Node) {
        if let existing = entries[node.index].children[name] {
            guard existing != target.index else { return }
            var merged: Set<[Int]> = []
            merge(existing, into: target.index, done: &merged)
        }
        set(name, of: node, to: target.index)
    }

    /// Keeps every member below `node`, at any depth.
    public mutating func keepAll(below node: Node) {
        entries[node.index].keepsAll = true
    }

    private mutating func set(_ name: String, of node: Node, to child: Int) {
        entries[node.index].children[name] = child
        let bytes = Array(name.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return }
        if entries[node.index].ascii.count <= bytes.count {
            entries[node.index].ascii += Array(repeating: [], count: bytes.count + 1 - entries[node.index].ascii.count)
        }
        entries[node.index].ascii[bytes.count].removeAll { $0.bytes == bytes }
        entries[node.index].ascii[bytes.count].append(ASCIIName(bytes: bytes, node: child))
    }

    /// Adds everything below `source` below `target`.
    private mutating func merge(_ source: Int, into target: Int, done: inout Set<[Int]>) {
        guard source != target, done.insert([source, target]).inserted else { return }
        if entries[source].keepsAll { entries[target].keepsAll = true }
        for (name, child) in entries[source].children {
            if let existing = entries[target].children[name] {
                merge(child, into: existing, done: &done)
            } else {
                set(name, of: Node(index: target), to: child)
            }
        }
    }
}
