/// An audit path: the hashes that join one leaf to a tree's root (RFC 9162 §2.1.3).
public struct InclusionProof: Sendable, Hashable {
    public var leafIndex: Int
    public var treeSize: Int
    /// Lowest sibling first.
    public var path: [MerkleHash]

    public init(leafIndex: Int, treeSize: Int, path: [MerkleHash]) {
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.path = path
    }

    /// Whether the leaf with this hash is at `leafIndex` in the tree of `treeSize` leaves whose root
    /// is `root`: the verification algorithm of RFC 9162 §2.1.3.2, step by step.
    public func verifies(leafHash: MerkleHash, root: MerkleHash) -> Bool {
        guard leafIndex >= 0, leafIndex < treeSize else { return false }
        var fn = leafIndex, sn = treeSize - 1
        var r = leafHash
        for p in path {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                r = .node(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = .node(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }
}

/// The hashes that show a tree of `oldSize` leaves is a prefix of a tree of `newSize`: nothing
/// in the older tree was removed, rewritten or reordered (RFC 9162 §2.1.4).
public struct ConsistencyProof: Sendable, Hashable {
    public var oldSize: Int
    public var newSize: Int
    /// Lowest hash first.
    public var path: [MerkleHash]

    public init(oldSize: Int, newSize: Int, path: [MerkleHash]) {
        self.oldSize = oldSize
        self.newSize = newSize
        self.path = path
    }

    /// Whether the tree of `oldSize` leaves with root `oldRoot` is a prefix of the tree of
    /// `newSize` leaves with root `newRoot`: the verification algorithm of RFC 9162 §2.1.4.2.
    /// The algorithm is for 0 < oldSize < newSize; equal sizes prove themselves by equal roots
    /// and an empty path, and the empty tree is a prefix of every tree.
    public func verifies(oldRoot: MerkleHash, newRoot: MerkleHash) -> Bool {
        guard oldSize >= 0, oldSize <= newSize else { return false }
        if oldSize == newSize { return path.isEmpty && oldRoot == newRoot }
        if oldSize == 0 { return path.isEmpty && oldRoot == .emptyTree }
        guard !path.isEmpty else { return false }
        var path = self.path
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        var fn = oldSize - 1, sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0], sr = path[0]
        for c in path.dropFirst() {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = .node(c, fr)
                sr = .node(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = .node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == oldRoot && sr == newRoot && sn == 0
    }
}
