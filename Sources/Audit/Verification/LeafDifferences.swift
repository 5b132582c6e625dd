/// How a signed checkpoint's leaves and the log's leaves now differ, entry by entry.
///
/// The leaf hashes are the entries' identities (every entry has its own id, so its own hash):
/// 1. each signed leaf is matched to the first unused place in the log with the same hash;
/// 2. the longest run of matches in the same order (a longest increasing subsequence) is what
///    stayed put; any other match is an entry that moved: **reordered**;
/// 3. between two entries that stayed put, signed leaves with no match and log leaves with no
///    match are paired in order as **altered** (an entry rewritten in place); the signed leaves
///    left over were **removed**, the log leaves left over were **inserted**. After the last
///    entry that stayed put, log leaves beyond those pairs are entries added since the checkpoint.
///
/// O(n log n) in the log's size.
struct LeafDifferences {
    enum Kind { case removed, altered, inserted, reordered }

    struct Difference: Hashable {
        var kind: Kind
        var signedIndex: Int?
        var currentIndex: Int?
    }

    let differences: [Difference]

    init(signed: [MerkleHash], current: [MerkleHash]) {
        var places: [MerkleHash: ArraySlice<Int>] = [:]
        for (index, hash) in current.enumerated() { places[hash, default: []].append(index) }
        var match = [Int?](repeating: nil, count: signed.count)
        var matchedCurrent = [Bool](repeating: false, count: current.count)
        for (index, hash) in signed.enumerated() {
            if let place = places[hash]?.popFirst() {
                match[index] = place
                matchedCurrent[place] = true
            }
        }
        let stayed = Self.longestIncreasingRun(match)

        var found: [Difference] = []
        for (index, place) in match.enumerated() where place != nil && !stayed[index] {
            found.append(Difference(kind: .reordered, signedIndex: index, currentIndex: place))
        }
        var anchors = match.indices.filter { stayed[$0] }.map { (signed: $0, current: match[$0]!) }
        anchors.append((signed: signed.count, current: current.count))
        var previous = (signed: -1, current: -1)
        for (number, anchor) in anchors.enumerated() {
            let missing = (previous.signed + 1..<anchor.signed).filter { match[$0] == nil }
            let extra = (previous.current + 1..<anchor.current).filter { !matchedCurrent[$0] }
            let paired = min(missing.count, extra.count)
            for pair in 0..<paired {
                found.append(Difference(kind: .altered, signedIndex: missing[pair], currentIndex: extra[pair]))
            }
            for index in missing.dropFirst(paired) { found.append(Difference(kind: .removed, signedIndex: index, currentIndex: nil)) }
            if number < anchors.count - 1 {
                for index in extra.dropFirst(paired) { found.append(Difference(kind: .inserted, signedIndex: nil, currentIndex: index)) }
            }
            previous = anchor
        }
        differences = found.sorted { ($0.signedIndex ?? $0.currentIndex ?? 0, $0.currentIndex ?? 0) < ($1.signedIndex ?? $1.currentIndex ?? 0, $1.currentIndex ?? 0) }
    }

    /// Which matched signed leaves form the longest run whose log places increase.
    private static func longestIncreasingRun(_ match: [Int?]) -> [Bool] {
        var tails: [Int] = []  // tails[k]: signed index ending the best run of length k + 1
        var before = [Int](repeating: -1, count: match.count)
        for (index, place) in match.enumerated() {
            guard let place else { continue }
            var low = 0, high = tails.count
            while low < high {
                let middle = (low + high) / 2
                if match[tails[middle]]! < place { low = middle + 1 } else { high = middle }
            }
            before[index] = low > 0 ? tails[low - 1] : -1
            if low == tails.count { tails.append(index) } else { tails[low] = index }
        }
        var stayed = [Bool](repeating: false, count: match.count)
        var index = tails.last ?? -1
        while index >= 0 {
            stayed[index] = true
            index = before[index]
        }
        return stayed
    }
}
