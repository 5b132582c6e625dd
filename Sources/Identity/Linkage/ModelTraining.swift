import Dispatch
import Foundation
import Synchronization

/// Fits a ``LinkageModel`` to records without labels, as Splink does: `u` from comparing random
/// pairs (almost all of which are different children), `m` and the prior by expectation
/// maximisation over the pairs the blocking rules find, with `u` held fixed.
public enum ModelTraining {
    public struct Options: Sendable {
        /// How many random pairs `u` is counted over (fewer when there are fewer pairs).
        public var sampledPairs: Int
        public var maximumIterations: Int
        /// EM stops when no `m` moves by more than this.
        public var tolerance: Double
        public var seed: UInt64
        public var thresholds: LinkageModel.Thresholds

        public init(sampledPairs: Int = 1_000_000, maximumIterations: Int = 40, tolerance: Double = 1e-6, seed: UInt64 = 1,
                    thresholds: LinkageModel.Thresholds = .init()) {
            self.sampledPairs = sampledPairs
            self.maximumIterations = maximumIterations
            self.tolerance = tolerance
            self.seed = seed
            self.thresholds = thresholds
        }
    }

    /// The blocks EM is run in, one after the other (Splink's "training blocking rules"): pairs
    /// of one date of birth, then pairs with the same given and family name. Within a block the
    /// fields it is made from agree by construction, so their `m` is not estimated there; every
    /// other field's is, and a field's final `m` is the mean over the blocks that estimated it.
    /// Neither block is made of households: in a block of one postcode, brothers and sisters
    /// (one family name, one address) would outnumber the records of one child, and EM would
    /// learn what a household looks like instead of what a child does.
    enum TrainingBlock: CaseIterable {
        case dob
        case names

        var fixedFields: [LinkageField] {
            switch self {
            case .dob: [.dob]
            case .names: [.givenName, .familyName]
            }
        }

        func key(_ record: LinkageRecord) -> String? {
            switch self {
            case .dob: record.dob?.iso
            case .names: record.givenName.flatMap { given in record.familyName.map { "\(given)\u{1F}\($0)" } }
            }
        }
    }

    /// Trains on two sources to be linked, or on one (`right == nil`) to be deduplicated.
    public static func train(_ left: [LinkageRecord], _ right: [LinkageRecord]?, options: Options = Options()) -> LinkageModel {
        let other = right ?? left
        let count = Double(left.count)
        let totalPairs: Double = right == nil ? count * (count - 1) / 2 : count * Double(other.count)
        let u = uProbabilities(left, other, distinct: right == nil, options: options)
        let fields = LinkageField.allCases
        var sums = fields.map { Array(repeating: 0.0, count: $0.levels.count) }
        var estimates = Array(repeating: 0, count: fields.count)
        var sessions: [(block: TrainingBlock, fitted: Fitted, pairs: Int)] = []
        for block in TrainingBlock.allCases {
            let patterns = blockedPatterns(left, right, key: block.key)
            let fixed = Set(block.fixedFields.compactMap { fields.firstIndex(of: $0) })
            let fitted = expectationMaximisation(patterns: patterns, u: u, ignoring: fixed, options: options)
            sessions.append((block, fitted, patterns.values.reduce(0, +)))
            for position in fields.indices where !fixed.contains(position) {
                for level in sums[position].indices { sums[position][level] += fitted.m[position][level] }
                estimates[position] += 1
            }
        }
        let m = fields.indices.map { position in
            estimates[position] == 0 ? defaultM(fields[position]) : sums[position].map { $0 / Double(estimates[position]) }
        }
        // The prior: the matches EM found among pairs of one date of birth, divided by the share
        // of matches whose dates of birth agree (`m`, from the other block), over every pair.
        let first = sessions[0]
        let agreeing = m[fields.firstIndex(of: .dob)!][0]
        let matches = first.fitted.matchShare * Double(first.pairs) / max(agreeing, 1e-6)
        let prior = min(max(matches / max(totalPairs, 1), 1e-12), 0.5)
        let parameters = fields.enumerated().map { position, field in
            LinkageModel.FieldParameters(field: field, levels: field.levels.enumerated().map { level, name in
                LinkageModel.Level(name: name, m: m[position][level], u: u[position][level])
            })
        }
        return LinkageModel(
            prior: prior, fields: parameters, nameFrequencies: nameFrequencies(right.map { left + $0 } ?? left), thresholds: options.thresholds,
            training: .init(records: left.count + (right?.count ?? 0), sampledPairsForU: min(options.sampledPairs, Int(min(totalPairs, Double(Int.max)))),
                            blockedPairsForM: sessions.map(\.pairs).reduce(0, +), emIterations: sessions.map(\.fitted.iterations).max() ?? 0,
                            emConverged: sessions.allSatisfy(\.fitted.converged)))
    }

    /// Where EM starts: most matches agree exactly and few disagree.
    static func defaultM(_ field: LinkageField) -> [Double] {
        let count = field.levels.count
        let raw = (0..<count).map { level in level == count - 1 ? 0.02 : pow(0.2, Double(level)) }
        let sum = raw.reduce(0, +)
        return raw.map { $0 / sum }
    }

    /// Each field's level shares among random pairs, smoothed so that no level has `u` = 0.
    static func uProbabilities(_ left: [LinkageRecord], _ right: [LinkageRecord], distinct: Bool, options: Options) -> [[Double]] {
        let empty = LinkageField.allCases.map { Array(repeating: 0.0, count: $0.levels.count) }
        guard !left.isEmpty, !right.isEmpty, !(distinct && left.count < 2) else { return smoothed(empty) }
        let total = distinct ? left.count * (left.count - 1) / 2 : left.count * right.count
        let samples = min(options.sampledPairs, total)
        let visit: @Sendable (inout [[Double]], Int, Int) -> Void = { counts, i, j in
            let vector = ComparisonVector(left[i], right[j])
            for position in counts.indices {
                if let level = vector.level(at: position) { counts[position][level] += 1 }
            }
        }
        // In chunks on every core, each with its own generator seeded from the options' seed, so
        // that a seed always gives the same sample.
        let chunks = samples == total ? 1 : max(1, min(32, samples / 20_000))
        let parts = Mutex<[[[Double]]]>([])
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var counts = empty
            if samples == total {
                // Few enough pairs to count them all.
                for i in left.indices {
                    for j in (distinct ? i + 1 : 0)..<right.count { visit(&counts, i, j) }
                }
            } else {
                var generator = SeededGenerator(seed: options.seed &+ UInt64(chunk) &* 0x9E37_79B9_7F4A_7C15)
                for _ in 0..<(samples * (chunk + 1) / chunks - samples * chunk / chunks) {
                    let i = Int.random(in: 0..<left.count, using: &generator)
                    var j = Int.random(in: 0..<right.count, using: &generator)
                    if distinct, j == i { j = (j + 1) % right.count }
                    visit(&counts, i, j)
                }
            }
            parts.withLock { $0.append(counts) }
        }
        let counts = parts.withLock { parts in
            parts.reduce(into: empty) { total, part in
                for position in total.indices {
                    for level in total[position].indices { total[position][level] += part[position][level] }
                }
            }
        }
        return smoothed(counts)
    }

    /// Shares of each level with half a pair added to every level, so that a level never seen
    /// among random pairs (two different children rarely share an NHS number) gets a small `u`
    /// rather than none.
    static func smoothed(_ counts: [[Double]]) -> [[Double]] {
        counts.map { levels in
            let total = levels.reduce(0, +) + 0.5 * Double(levels.count)
            return levels.map { ($0 + 0.5) / total }
        }
    }

    /// The comparison patterns of every pair of records that share a key, with how many pairs
    /// share each pattern.
    static func blockedPatterns(_ left: [LinkageRecord], _ right: [LinkageRecord]?, maximumPairs: Int = 2_000_000, key: (LinkageRecord) -> String?) -> [ComparisonVector: Int] {
        let other = right ?? left
        var grouped: [String: [Int]] = [:]
        for (index, record) in other.enumerated() {
            if let key = key(record) { grouped[key, default: []].append(index) }
        }
        let buckets = grouped
        let probes = left.map(key)
        // EM needs the shares of the patterns, not every pair: past `maximumPairs`, one pair in
        // `stride` (chosen by position, so a seed is not needed) is compared.
        var pairs = 0
        for (i, probe) in probes.enumerated() {
            guard let probe, let bucket = buckets[probe] else { continue }
            pairs += right == nil ? bucket.count { $0 > i } : bucket.count
        }
        let stride = max(1, pairs / maximumPairs)
        let chunks = max(1, min(64, left.count / 2_000))
        let partial = Mutex<[[ComparisonVector: Int]]>([])
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var patterns: [ComparisonVector: Int] = [:]
            let range = (chunk * left.count / chunks)..<((chunk + 1) * left.count / chunks)
            for i in range {
                guard let probe = probes[i], let bucket = buckets[probe] else { continue }
                for j in bucket where right != nil || j > i {
                    // Every pair up to the cap; beyond it, an even share of them.
                    guard stride == 1 || (i &* 31 &+ j) % stride == 0 else { continue }
                    patterns[ComparisonVector(left[i], other[j]), default: 0] += 1
                }
            }
            partial.withLock { $0.append(patterns) }
        }
        return partial.withLock { parts in
            parts.reduce(into: [:]) { total, part in total.merge(part, uniquingKeysWith: +) }
        }
    }

    struct Fitted {
        var m: [[Double]]
        var matchShare: Double
        var iterations: Int
        var converged: Bool
    }

    /// EM over comparison patterns: each pattern's probability of being a match under the
    /// current `m` and share, then `m` and the share again from those probabilities.
    /// The fields at `ignoring` are the block's own: they take no part.
    static func expectationMaximisation(patterns: [ComparisonVector: Int], u: [[Double]], ignoring: Set<Int>, options: Options) -> Fitted {
        let fields = LinkageField.allCases
        var m = fields.map(defaultM)
        var share = 0.1
        let entries = Array(patterns)
        var iterations = 0
        var converged = false
        while iterations < options.maximumIterations, !converged {
            iterations += 1
            var counts = fields.map { Array(repeating: 0.0, count: $0.levels.count) }
            var matched = 0.0
            var total = 0.0
            for (vector, count) in entries {
                var weight = log2(share / (1 - share))
                for position in fields.indices where !ignoring.contains(position) {
                    if let level = vector.level(at: position) { weight += log2(m[position][level] / u[position][level]) }
                }
                let probability = LinkageModel.probability(weight: weight)
                let expected = probability * Double(count)
                matched += expected
                total += Double(count)
                for position in fields.indices where !ignoring.contains(position) {
                    if let level = vector.level(at: position) { counts[position][level] += expected }
                }
            }
            let next = counts.map { levels in
                let sum = levels.reduce(0, +) + 1e-6 * Double(levels.count)
                return levels.map { ($0 + 1e-6) / sum }
            }
            let change = zip(next, m).map { zip($0, $1).map { abs($0 - $1) }.max() ?? 0 }.max() ?? 0
            m = next
            share = min(max(total > 0 ? matched / total : share, 1e-9), 1 - 1e-9)
            converged = change < options.tolerance
        }
        return Fitted(m: m, matchShare: share, iterations: iterations, converged: converged)
    }

    static func nameFrequencies(_ records: [LinkageRecord]) -> LinkageModel.NameFrequencies {
        func frequencies(_ names: [String]) -> ([String: Double], Int) {
            var counts: [String: Int] = [:]
            for name in names { counts[name, default: 0] += 1 }
            let total = max(names.count, 1)
            let kept = counts.filter { $0.value >= LinkageModel.NameFrequencies.minimumCount }
            return (kept.mapValues { Double($0) / Double(total) }, total)
        }
        let (given, givenTotal) = frequencies(records.compactMap(\.givenName))
        let (family, familyTotal) = frequencies(records.compactMap(\.familyName))
        return .init(given: given, family: family, rareFrequency: 2 / Double(max(givenTotal, familyTotal, 2)))
    }
}
