/// The children the resolver knows, indexed for one new record at a time: the blocking rules'
/// buckets grow as records arrive, so finding a new record's candidates costs the size of its
/// buckets, not of the population.
public struct IdentityIndex: Sendable {
    /// The records, in the order they were added; an index into this is a record's handle.
    public private(set) var records: [LinkageRecord] = []
    /// The source each record came from (any number that tells sources apart).
    public private(set) var sources: [Int] = []
    private var keys: [[String?]] = []
    private var buckets = Array(repeating: [String: [Int]](), count: BlockingRule.allCases.count)
    private var twins = TwinHouseholds(oneRecordPerChild: true)

    public init() {}

    public var count: Int { records.count }

    /// Adds a record from `source`; returns its handle.
    @discardableResult
    public mutating func insert(_ record: LinkageRecord, source: Int) -> Int {
        let handle = records.count
        let recordKeys = BlockingIndex.keys(of: record)
        for (rule, key) in recordKeys.enumerated() {
            if let key { buckets[rule][key, default: []].append(handle) }
        }
        records.append(record)
        sources.append(source)
        keys.append(recordKeys)
        twins.insert(record, source: source)
        return handle
    }

    /// A candidate for a new record: its handle, match weight and probability.
    public struct Candidate: Sendable, Hashable {
        public var handle: Int
        public var weight: Double
        public var probability: Double
    }

    /// Every indexed record of another source that the blocking rules pair with `record` and the
    /// twin rule allows, scored, most probable first. Records of `source` itself are left out: a
    /// source holds one record per child, so its own records are never the same child.
    public func candidates(for record: LinkageRecord, source: Int, scorer: LinkageModel.Scorer, minimumProbability: Double = 0) -> [Candidate] {
        let probe = BlockingIndex.keys(of: record)
        var found: [Candidate] = []
        for rule in 0..<buckets.count {
            guard let key = probe[rule], let bucket = buckets[rule][key] else { continue }
            for handle in bucket where sources[handle] != source && !BlockingIndex.earlierRuleMatches(probe, keys[handle], before: rule) {
                let other = records[handle]
                let vector = ComparisonVector(record, other)
                let weight = scorer.weight(vector, record)
                let probability = LinkageModel.probability(weight: weight)
                guard probability >= minimumProbability, twins.allows(record, other, vector: vector) else { continue }
                found.append(Candidate(handle: handle, weight: weight, probability: probability))
            }
        }
        found.sort { ($0.weight, $1.handle) > ($1.weight, $0.handle) }
        return found
    }
}
