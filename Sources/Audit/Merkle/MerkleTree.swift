/// The audit log's Merkle tree (RFC 9162 §2.1): the leaf hashes in log order, and every complete
/// subtree's hash, so the root of any prefix and any proof take O(log n) hashes, not O(n).
///
/// Level 0 holds the leaf hashes; level `j + 1` holds the hash of each pair of level-`j` hashes
/// whose subtree is complete (2^(j+1) leaves). Every subtree RFC 9162's recursion visits starts at
/// a multiple of the power of two at or above its size, so it is one complete subtree or a
/// complete left half beside a smaller right part: the recursion needs only these levels. Memory
/// is about two hashes a leaf (64 MB for a million leaves).
public struct MerkleTree: Sendable {
    private var levels: [[MerkleHash]] = [[]]

    public init() {}

    public init(leafHashes: some Sequence<MerkleHash>) {
        for hash in leafHashes { append(leafHash: hash) }
    }

    /// The tree of these entries, in this order.
    public init(entries: some Sequence<[UInt8]>) {
        for entry in entries { append(leafHash: .leaf(entry)) }
    }

    public var size: Int { levels[0].count }
    public var leafHashes: [MerkleHash] { levels[0] }

    public mutating func append(entry: some Collection<UInt8>) {
        append(leafHash: .leaf(entry))
    }

    public mutating func append(leafHash: MerkleHash) {
        levels[0].append(leafHash)
        var level = 0
        while levels[level].count.isMultiple(of: 2) {
            let count = levels[level].count
            let parent = MerkleHash.node(levels[level][count - 2], levels[level][count - 1])
            if levels.count == level + 1 { levels.append([]) }
            levels[level + 1].append(parent)
            level += 1
        }
    }

    /// The root of the tree of the first `size` leaves (MTH of RFC 9162 §2.1.1).
    public func root(size: Int? = nil) -> MerkleHash {
        let size = size ?? self.size
        precondition(size >= 0 && size <= self.size, "tree of \(self.size) leaves has no prefix of \(size)")
        return size == 0 ? .emptyTree : subtree(start: 0, count: size)
    }

    /// The audit path of leaf `index` in the tree of the first `size` leaves (PATH of RFC 9162
    /// §2.1.3.1), lowest sibling first.
    public func inclusionProof(leafIndex index: Int, size: Int? = nil) -> InclusionProof {
        let size = size ?? self.size
        precondition(index >= 0 && index < size && size <= self.size, "leaf \(index) is not in a tree of \(size)")
        var siblings: [MerkleHash] = []
        var start = 0, count = size, position = index
        while count > 1 {
            let split = Self.split(count)
            if position < split {
                siblings.append(subtree(start: start + split, count: count - split))
                count = split
            } else {
                siblings.append(subtree(start: start, count: split))
                start += split
                position -= split
                count -= split
            }
        }
        return InclusionProof(leafIndex: index, treeSize: size, path: siblings.reversed())
    }

    /// The proof that the tree of the first `oldSize` leaves is a prefix of the tree of the first
    /// `newSize` (PROOF of RFC 9162 §2.1.4.1), lowest hash first. Empty when the sizes are equal
    /// or the old tree is empty.
    public func consistencyProof(from oldSize: Int, to newSize: Int? = nil) -> ConsistencyProof {
        let newSize = newSize ?? size
        precondition(oldSize >= 0 && oldSize <= newSize && newSize <= size, "no consistency proof from \(oldSize) to \(newSize) in a tree of \(size)")
        var hashes: [MerkleHash] = []
        if oldSize > 0 && oldSize < newSize {
            // SUBPROOF(m, D[start:start+count], whole), unrolled: each step adds one hash and
            // recurses into one side, so the hashes are found top first.
            var start = 0, count = newSize, m = oldSize, whole = true
            while m != count {
                let split = Self.split(count)
                if m <= split {
                    hashes.append(subtree(start: start + split, count: count - split))
                    count = split
                } else {
                    hashes.append(subtree(start: start, count: split))
                    start += split
                    count -= split
                    m -= split
                    whole = false
                }
            }
            if !whole { hashes.append(subtree(start: start, count: count)) }
        }
        return ConsistencyProof(oldSize: oldSize, newSize: newSize, path: hashes.reversed())
    }

    /// MTH(D[start:start+count]) for a subtree RFC 9162's recursion visits.
    private func subtree(start: Int, count: Int) -> MerkleHash {
        if count & (count - 1) == 0 {
            let level = count.trailingZeroBitCount
            return levels[level][start >> level]
        }
        let split = Self.split(count)
        return .node(subtree(start: start, count: split), subtree(start: start + split, count: count - split))
    }

    /// The largest power of two below `count` (count > 1).
    static func split(_ count: Int) -> Int {
        1 << (Int.bitWidth - 1 - (count - 1).leadingZeroBitCount)
    }
}
