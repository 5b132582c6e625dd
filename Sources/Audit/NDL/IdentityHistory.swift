import Identity

/// The merges and splits of `eyh.child-events.v1`, to say which child an event belongs to now.
///
/// An event keyed by child `A` from source key `k` was resolved before any notice that moved
/// `A` away (a merge of `A`, or a split of `k` from `A`), because after it the resolver keys such
/// events by the new id. So its owner is found by following, from `A`, the earliest notice that
/// moves it, then from there the earliest later one, and so on. Each notice is written twice
/// (under both ids); duplicates are one notice. This does not depend on the order the topic's
/// partitions are read in.
public struct IdentityHistory: Sendable {
    struct Move: Hashable, Comparable {
        var at: String
        var kind: IdentityNotice.Kind
        var sourceKey: String?
        var into: String

        static func < (lhs: Move, rhs: Move) -> Bool {
            (lhs.at, lhs.kind.rawValue, lhs.into, lhs.sourceKey ?? "") < (rhs.at, rhs.kind.rawValue, rhs.into, rhs.sourceKey ?? "")
        }
    }

    private var movesFrom: [String: [Move]] = [:]
    public private(set) var merges = 0
    public private(set) var splits = 0

    public init(_ notices: some Sequence<IdentityNotice>) {
        var seen: Set<IdentityNotice> = []
        for notice in notices where seen.insert(notice).inserted {
            if notice.kind == .merge { merges += 1 } else { splits += 1 }
            movesFrom[notice.from, default: []].append(Move(at: notice.decidedAt, kind: notice.kind, sourceKey: notice.sourceKey, into: notice.into))
        }
        for key in movesFrom.keys { movesFrom[key]!.sort() }
    }

    /// The child an event keyed by `childID`, from `sourceKey`, belongs to after every notice.
    public func owner(of childID: String, sourceKey: String?) -> String {
        var current = childID
        var after: String?
        for _ in 0..<1_000 {
            let next = movesFrom[current]?.first { move in
                (after.map { move.at >= $0 } ?? true) && (move.kind == .merge || (move.sourceKey != nil && move.sourceKey == sourceKey))
            }
            guard let next, next.into != current else { return current }
            current = next.into
            after = next.at
        }
        return current
    }
}
