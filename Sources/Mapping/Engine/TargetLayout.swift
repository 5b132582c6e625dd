import EarlyYearsSchema

/// Where an event rule's targets go in the mapped content, worked out once when the engine is
/// made: a tree of the targets' objects and lists, each object's members in key order. A record's
/// content is then built in one pass, each object and list made once with its members in place,
/// instead of setting every value by its path (a search and an insertion per step) and dropping
/// the list members no rule filled afterwards.
///
/// The content is what setting the values in the targets' order and then
/// ``JSONTree/removeEmptyListMembers()`` make: an object or list exists when some value is set
/// below it, and a list keeps its filled members in index order. Targets that overlap (one inside
/// or the same as another, a member both indexed and not, a `[]` before the end) would make the
/// result depend on that order: their rule's values are set by path, in order, as before.
struct TargetLayout: Sendable {
    private indirect enum Node: Sendable {
        /// The value of the target at this index of the rule's targets.
        case value(Int)
        /// Members in key order, no two keys equal.
        case object([(key: String, node: Node)])
        /// Members by index; `nil` where no target names one.
        case list([Node?])
    }

    private enum Form: Sendable {
        case laidOut(root: [(key: String, node: Node)])
        /// Each target's steps, set one after another.
        case inOrder([[JSONTree.Step]])
    }

    private let form: Form

    /// Whether the targets are laid out, rather than set by path in order because they overlap.
    var isLaidOut: Bool {
        if case .laidOut = form { true } else { false }
    }

    /// `targets`: each target's steps (see ``JSONTree/steps(_:)``), in the rule's order.
    init(targets: [[JSONTree.Step]]) {
        var root = Node.object([])
        for (index, steps) in targets.enumerated() {
            guard Self.place(index, at: steps[...], in: &root) else {
                form = .inOrder(targets)
                return
            }
        }
        guard case .object(let members) = root else { preconditionFailure("the layout's root is an object") }
        form = .laidOut(root: members)
    }

    /// The content that `values` (one per target, in the same order; `nil` for a target that sets
    /// nothing) make.
    func content(_ values: [EventTree?]) -> JSONTree {
        switch form {
        case .laidOut(let root):
            return JSONTree(root: Self.object(root, values) ?? EventObject())
        case .inOrder(let targets):
            var tree = JSONTree()
            for (steps, value) in zip(targets, values) {
                if let value { tree.set(steps, value) }
            }
            tree.removeEmptyListMembers()
            return tree
        }
    }

    private static func object(_ members: [(key: String, node: Node)], _ values: [EventTree?]) -> EventObject? {
        var built: [EventObject.Member] = []
        for member in members {
            if let value = tree(member.node, values) { built.append(EventObject.Member(key: member.key, value: value)) }
        }
        return built.isEmpty ? nil : EventObject(ordered: built)
    }

    private static func tree(_ node: Node, _ values: [EventTree?]) -> EventTree? {
        switch node {
        case .value(let index):
            return values[index]
        case .object(let members):
            return object(members, values).map(EventTree.object)
        case .list(let members):
            var built: [EventTree] = []
            for member in members {
                if let member, let value = tree(member, values) { built.append(value) }
            }
            return built.isEmpty ? nil : .array(built)
        }
    }

    /// Puts target `index` at `steps` below `node`; false when it overlaps a target placed before.
    private static func place(_ index: Int, at steps: ArraySlice<JSONTree.Step>, in node: inout Node) -> Bool {
        guard let step = steps.first else {
            // The end of the path: only a place no other target has reached.
            guard case .object(let members) = node, members.isEmpty else { return false }
            node = .value(index)
            return true
        }
        let rest = steps.dropFirst()
        switch (step, node) {
        case (.key(let key), .object(var members)):
            let position = members.firstIndex { !($0.key < key) } ?? members.count
            if position == members.count || members[position].key != key {
                members.insert((key, .object([])), at: position)
            }
            guard place(index, at: rest, in: &members[position].node) else { return false }
            node = .object(members)
            return true
        case (.index, .object(let members)) where members.isEmpty:
            node = .list([])
            return place(index, at: steps, in: &node)
        case (.index(let position), .list(var members)) where position >= 0:
            while members.count <= position { members.append(nil) }
            var member = members[position] ?? .object([])
            guard place(index, at: rest, in: &member) else { return false }
            members[position] = member
            node = .list(members)
            return true
        case (.list, _):
            // `[]` ends a target's path: what follows it names nothing.
            guard rest.isEmpty else { return false }
            return place(index, at: rest, in: &node)
        default:
            return false
        }
    }
}
