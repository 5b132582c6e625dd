import Audit
import Foundation
import Testing

/// The tree against RFC 9162 §2.1: roots checked against an independent reference, and every
/// proof of every small tree verified, and refused once anything in it is changed.
@Suite struct MerkleTreeTests {
    static func entries(_ count: Int) -> [[UInt8]] {
        (0..<count).map { Array("audit-entry-\($0)".utf8) }
    }

    /// MTH over the same entries, by RFC 9162's recursive definition, in Python's hashlib.
    static let referenceScript = """
        import hashlib, sys
        def mth(d):
            if len(d) == 0: return hashlib.sha256(b"").digest()
            if len(d) == 1: return hashlib.sha256(b"\\x00" + d[0]).digest()
            k = 1
            while k * 2 < len(d): k *= 2
            return hashlib.sha256(b"\\x01" + mth(d[:k]) + mth(d[k:])).digest()
        entries = [("audit-entry-%d" % i).encode() for i in range(70)]
        for n in range(0, 71): print(mth(entries[:n]).hex())
        """

    @Test func rootsOfEverySizeUpTo70MatchAnIndependentReference() throws {
        let reference = try pythonReference(Self.referenceScript)
        try #require(reference.count == 71)

        let tree = MerkleTree(entries: Self.entries(70))
        for size in 0...70 {
            #expect(tree.root(size: size).hex == reference[size], "size \(size)")
            #expect(MerkleTree(entries: Self.entries(size)).root().hex == reference[size], "a tree built to size \(size)")
        }
    }

    @Test func emptyTreeRootIsTheHashOfNothingAndLeavesAndNodesAreDomainSeparated() {
        #expect(MerkleTree().root().hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let leaf = MerkleHash.leaf([1, 2, 3])
        #expect(MerkleTree(leafHashes: [leaf]).root() == leaf)
        #expect(MerkleHash.node(leaf, leaf) != MerkleHash.leaf(leaf.bytes + leaf.bytes))
    }

    @Test func everyInclusionProofOfEveryLeafUpToSize40VerifiesAndAnyChangeFails() {
        let tree = MerkleTree(entries: Self.entries(40))
        let other = MerkleHash.leaf(Array("not in the log".utf8))
        for size in 1...40 {
            let root = tree.root(size: size)
            for index in 0..<size {
                let proof = tree.inclusionProof(leafIndex: index, size: size)
                let leaf = tree.leafHashes[index]
                #expect(proof.verifies(leafHash: leaf, root: root), "leaf \(index) of \(size)")
                #expect(!proof.verifies(leafHash: other, root: root))
                #expect(!proof.verifies(leafHash: leaf, root: other))
                for changed in proof.path.indices {
                    var tampered = proof
                    tampered.path[changed] = other
                    #expect(!tampered.verifies(leafHash: leaf, root: root), "path hash \(changed) of leaf \(index) of \(size)")
                }
                for wrongIndex in [index - 1, index + 1, index ^ 1, size] where wrongIndex != index && wrongIndex >= 0 {
                    var tampered = proof
                    tampered.leafIndex = wrongIndex
                    #expect(!tampered.verifies(leafHash: leaf, root: root), "index \(wrongIndex) for leaf \(index) of \(size)")
                }
                // The root binds the size: a proof offered for another size is checked against
                // that size's root (a checkpoint states both), and fails.
                for wrongSize in [size - 1, size + 1] where (1...40).contains(wrongSize) {
                    var tampered = proof
                    tampered.treeSize = wrongSize
                    #expect(!tampered.verifies(leafHash: leaf, root: tree.root(size: wrongSize)), "size \(wrongSize) for leaf \(index) of \(size)")
                }
                if !proof.path.isEmpty {
                    var shorter = proof
                    shorter.path.removeLast()
                    #expect(!shorter.verifies(leafHash: leaf, root: root))
                }
                var longer = proof
                longer.path.append(other)
                #expect(!longer.verifies(leafHash: leaf, root: root))
            }
        }
    }

    @Test func everyConsistencyProofUpToSize40VerifiesAndAnAlteredOldRootFails() {
        let tree = MerkleTree(entries: Self.entries(40))
        let other = MerkleHash.leaf(Array("another history".utf8))
        for newSize in 1...40 {
            for oldSize in 1...newSize {
                let proof = tree.consistencyProof(from: oldSize, to: newSize)
                let oldRoot = tree.root(size: oldSize), newRoot = tree.root(size: newSize)
                #expect(proof.verifies(oldRoot: oldRoot, newRoot: newRoot), "\(oldSize) → \(newSize)")
                #expect(!proof.verifies(oldRoot: other, newRoot: newRoot), "altered old root, \(oldSize) → \(newSize)")
                #expect(!proof.verifies(oldRoot: oldRoot, newRoot: other), "altered new root, \(oldSize) → \(newSize)")
                if oldSize < newSize {
                    #expect(!proof.verifies(oldRoot: tree.root(size: oldSize - 1), newRoot: newRoot), "another prefix's root")
                    for changed in proof.path.indices {
                        var tampered = proof
                        tampered.path[changed] = other
                        #expect(!tampered.verifies(oldRoot: oldRoot, newRoot: newRoot), "hash \(changed) of \(oldSize) → \(newSize)")
                    }
                }
            }
        }
    }

    @Test func proofsAreLogarithmic() {
        let tree = MerkleTree(entries: Self.entries(1_000))
        #expect(tree.inclusionProof(leafIndex: 517).path.count == 10)
        #expect(tree.consistencyProof(from: 300).path.count <= 2 * 10)
    }

    @Test func hexRoundTripsAndRejectsWrongLengths() {
        let hash = MerkleHash.leaf([42])
        #expect(MerkleHash(hex: hash.hex) == hash)
        #expect(MerkleHash(hex: hash.hex.dropLast()) == nil)
        #expect(MerkleHash(hex: String(repeating: "zz", count: 32)) == nil)
        #expect(MerkleHash([UInt8](repeating: 0, count: 31)) == nil)
    }
}
