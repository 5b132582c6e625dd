/// How good a set of links between two generated sources is, against their truth: precision,
/// recall and F1 of the pairs at or above a threshold, and how many of them join twins.
public struct LinkageEvaluation: Sendable, CustomStringConvertible {
    public var links = 0
    public var correct = 0
    /// Children who are in both sources: the links there are to find.
    public var truePairs = 0
    public var twinMerges = 0

    public var precision: Double { links == 0 ? 0 : Double(correct) / Double(links) }
    public var recall: Double { truePairs == 0 ? 0 : Double(correct) / Double(truePairs) }
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

    /// `pairs` hold record ids (left, right) and a match probability; `truth` maps every record
    /// id to its true child; `twins` are pairs of true children born together.
    public init(pairs: [(left: String, right: String, probability: Double)], threshold: Double, leftIDs: [String], rightIDs: [String],
                truth: [String: String], twins: Set<SyntheticPopulation.TwoSources.Pair>) {
        let leftPeople = Set(leftIDs.compactMap { truth[$0] })
        truePairs = leftPeople.intersection(rightIDs.compactMap { truth[$0] }).count
        for pair in pairs where pair.probability >= threshold {
            links += 1
            guard let a = truth[pair.left], let b = truth[pair.right] else { continue }
            if a == b { correct += 1 }
            if twins.contains(.init(a, b)) { twinMerges += 1 }
        }
    }

    /// For pairs within one source (deduplication): the pairs to find are every two records of
    /// one child.
    public init(dedupePairs pairs: [(left: String, right: String, probability: Double)], threshold: Double, ids: [String],
                truth: [String: String], twins: Set<SyntheticPopulation.TwoSources.Pair>) {
        var records: [String: Int] = [:]
        for id in ids { if let person = truth[id] { records[person, default: 0] += 1 } }
        truePairs = records.values.reduce(0) { $0 + $1 * ($1 - 1) / 2 }
        for pair in pairs where pair.probability >= threshold {
            links += 1
            guard let a = truth[pair.left], let b = truth[pair.right] else { continue }
            if a == b { correct += 1 }
            if twins.contains(.init(a, b)) { twinMerges += 1 }
        }
    }

    public var description: String {
        "links \(links), correct \(correct), true pairs \(truePairs), precision \(Self.fixed(precision, 5)), recall \(Self.fixed(recall, 5)), F1 \(Self.fixed(f1, 5)), twin merges \(twinMerges)"
    }

    /// `value` with `digits` decimals, without Foundation.
    public static func fixed(_ value: Double, _ digits: Int) -> String {
        guard digits > 0 else { return String(Int(value.rounded())) }
        var scale = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((abs(value) * Double(scale)).rounded())
        let fraction = String(scaled % scale)
        return (value < 0 && scaled > 0 ? "-" : "") + "\(scaled / scale)." + String(repeating: "0", count: digits - fraction.count) + fraction
    }
}
