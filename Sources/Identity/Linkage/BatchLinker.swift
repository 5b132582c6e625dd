import Dispatch
import Foundation
import Synchronization

/// A scored pair of records: indices into the inputs, with the match weight and probability.
public struct ScoredPair: Sendable, Hashable {
    public var left: Int
    public var right: Int
    public var weight: Double
    public var probability: Double
}

/// Links two files, or finds duplicates within one, with a trained model: every pair the
/// blocking rules find is scored, the twin rule is applied, and the pairs at or above a threshold
/// are kept. When linking two sources, each record is linked to at most one record of the other
/// (a source holds one record per child), taking the most probable pairs first.
public struct BatchLinker: Sendable {
    public let model: LinkageModel
    public var threshold: Double
    /// One record per child per source, when linking two sources.
    public var oneToOne: Bool

    public init(model: LinkageModel, threshold: Double = 0.5, oneToOne: Bool = true) {
        self.model = model
        self.threshold = threshold
        self.oneToOne = oneToOne
    }

    /// How far a run has got: records done of records to do.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int) -> Void

    /// Pairs between `left` and `right` (`left` index, `right` index), most probable first.
    public func link(_ left: [LinkageRecord], _ right: [LinkageRecord], progress: Progress? = nil) -> [ScoredPair] {
        let twins = TwinHouseholds(left, right)
        let pairs = scoredPairs(left, right, distinct: false, twins: twins, progress: progress)
        return oneToOne ? Self.oneToOne(pairs) : pairs
    }

    /// Pairs within `records` (lower index first), most probable first.
    public func dedupe(_ records: [LinkageRecord], progress: Progress? = nil) -> [ScoredPair] {
        scoredPairs(records, records, distinct: true, twins: TwinHouseholds(records, nil, usualNames: Set(model.nameFrequencies.given.keys)), progress: progress)
    }

    private func scoredPairs(_ left: [LinkageRecord], _ right: [LinkageRecord], distinct: Bool, twins: TwinHouseholds, progress: Progress?) -> [ScoredPair] {
        let index = BlockingIndex(right)
        let probes = distinct ? index.keys : left.map(BlockingIndex.keys(of:))
        let scorer = model.scorer
        // The weight at the threshold, a little below it so that rounding never loses a pair.
        let minimumWeight = threshold <= 0 ? -Double.infinity : threshold >= 1 ? Double.infinity : log2(threshold / (1 - threshold)) - 1e-9
        let chunks = max(1, min(256, left.count / 500))
        let results = Mutex<[[ScoredPair]]>(Array(repeating: [], count: chunks))
        let done = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var found: [ScoredPair] = []
            let range = (chunk * left.count / chunks)..<((chunk + 1) * left.count / chunks)
            for i in range {
                let a = left[i]
                index.forEachCandidate(of: probes[i]) { j in
                    guard !distinct || j > i else { return }
                    let b = right[j]
                    guard let (vector, weight) = scorer.score(a, b, atLeast: minimumWeight) else { return }
                    let probability = LinkageModel.probability(weight: weight)
                    guard probability >= threshold, twins.allows(a, b, vector: vector) else { return }
                    found.append(ScoredPair(left: i, right: j, weight: weight, probability: probability))
                }
            }
            results.withLock { $0[chunk] = found }
            let finished = done.add(range.count, ordering: .relaxed).newValue
            progress?(finished, left.count)
        }
        var pairs = results.withLock { $0.flatMap { $0 } }
        pairs.sort { ($0.weight, $1.left, $1.right) > ($1.weight, $0.left, $0.right) }
        return pairs
    }

    /// The most probable pairs, each record in at most one.
    static func oneToOne(_ pairs: [ScoredPair]) -> [ScoredPair] {
        var usedLeft = Set<Int>()
        var usedRight = Set<Int>()
        return pairs.filter { pair in
            guard !usedLeft.contains(pair.left), !usedRight.contains(pair.right) else { return false }
            usedLeft.insert(pair.left)
            usedRight.insert(pair.right)
            return true
        }
    }
}

/// The twin rule (DOMAIN.md): twins share family name and date of birth (and usually postcode),
/// so such records are linked only when their given names show them to be one child.
/// - A household (family name, date of birth, full postcode) is known to hold twins when one
///   source has two records in it: a source holds one record per child. Then only the same given
///   name links (or an agreeing NHS number); a placeholder ("Baby", "Unnamed") never does.
/// - The given names of the children of such households are pairs that twins in these sources
///   have been given ("amelia" and "amelie"): two records with such a pair are never linked,
///   wherever they live.
/// - Otherwise a given name may differ by a short form, a nickname or a misspelling, but two
///   clearly different given names never link, nor does a placeholder that numbers the children
///   of a birth ("Twin 1", "Baby B").
struct TwinHouseholds: Sendable {
    /// Households in which one source holds more than one record (by ``LinkageRecord/householdKey``
    /// or ``LinkageRecord/looseHouseholdKey``).
    private(set) var known = Set<String>()
    /// Families at an address for which some source holds a twin placeholder ("Twin 2").
    private(set) var twinPlaceholderFamilies = Set<String>()
    /// Pairs of given names of children of one known household (`min`, `max`).
    private(set) var twinNames = Set<[String]>()
    /// For each household and source, the given names of its records (`nil` for none).
    private var households: [String: [Int: [String?]]] = [:]
    /// Whether each source holds one record per child (linking sources), so that two records of
    /// one household in one source are two children; when deduplicating one file, they may be one
    /// child twice, and only two clearly different given names say twins.
    let oneRecordPerChild: Bool
    /// The given names seen often enough to be usual names (the model's name frequencies).
    let usualNames: Set<String>

    init(oneRecordPerChild: Bool = true, usualNames: Set<String> = []) {
        self.oneRecordPerChild = oneRecordPerChild
        self.usualNames = usualNames
    }

    init(_ left: [LinkageRecord], _ right: [LinkageRecord]?, usualNames: Set<String> = []) {
        self.init(oneRecordPerChild: right != nil, usualNames: usualNames)
        for record in left { insert(record, source: 0) }
        for record in right ?? [] { insert(record, source: 1) }
    }

    /// Counts one more record of a source (any number that tells sources apart).
    mutating func insert(_ record: LinkageRecord, source: Int) {
        if record.givenIsTwinPlaceholder, let family = record.familyAtAddressKey { twinPlaceholderFamilies.insert(family) }
        if let household = record.householdKey { insert(record, source: source, household: household) }
        if oneRecordPerChild, let loose = record.looseHouseholdKey { insert(record, source: source, household: "~" + loose) }
    }

    private mutating func insert(_ record: LinkageRecord, source: Int, household: String) {
        var names = households[household, default: [:]][source, default: []]
        var twins = oneRecordPerChild && !names.isEmpty
        for other in names.compactMap({ $0 }) {
            guard let given = record.givenName, given != other else { continue }
            if oneRecordPerChild || !isOneChildsName(given, other) {
                twinNames.insert([min(given, other), max(given, other)])
                twins = true
            }
        }
        names.append(record.givenName)
        if twins { known.insert(household) }
        households[household, default: [:]][source] = names
    }

    /// Whether two given names in one file's household are one child's name written two ways
    /// rather than twins' names: a short form that does not look like the name ("beth" for
    /// "elizabeth"), the first of two names, or a misspelling that is not itself a usual name
    /// ("relix" for "felix"). Two usual names that look alike ("amelia" and "amelie") are twins'.
    func isOneChildsName(_ a: String, _ b: String) -> Bool {
        let lookAlike = StringSimilarity.jaroWinkler(a, b) >= 0.88 || StringSimilarity.editDistance(a, b) == 1
        if lookAlike { return !(usualNames.contains(a) && usualNames.contains(b)) }
        return Nicknames.areVariants(a, b) || LinkageField.firstToken(a) == LinkageField.firstToken(b)
    }

    static let given = LinkageField.allCases.firstIndex(of: .givenName)!
    static let family = LinkageField.allCases.firstIndex(of: .familyName)!
    static let dob = LinkageField.allCases.firstIndex(of: .dob)!
    static let nhs = LinkageField.allCases.firstIndex(of: .nhsNumber)!

    /// Whether two records could be twins: the family name the same or a typo apart, and the
    /// date of birth the same or a typo or a swap apart (where they live is not asked: a family
    /// moves, and one source may not have the move yet).
    static func couldBeTwins(_ vector: ComparisonVector) -> Bool {
        guard let family = vector.level(at: family), family == 0 || family == 3,
              let dob = vector.level(at: dob), dob <= 2 else { return false }
        return true
    }

    func allows(_ a: LinkageRecord, _ b: LinkageRecord, vector: ComparisonVector) -> Bool {
        switch vector.level(at: Self.nhs) {
        case 0?: return true // the same NHS number is the same child, twins or not
        case 1?: return false // two different valid NHS numbers are two children
        default: break
        }
        guard Self.couldBeTwins(vector) else { return true }
        // A placeholder that says the child is a twin ("Twin 1", "Baby A") is no name, and says
        // that the name is what would tell this child from another.
        if a.givenIsTwinPlaceholder || b.givenIsTwinPlaceholder { return false }
        let given = vector.level(at: Self.given)
        if isKnownTwinHousehold(a, b) {
            // Twins known: only the same given name (the most probable pair is taken first, so
            // each twin finds their own record when both sources hold both).
            return given == 0
        }
        guard let given, given != 0, let name = a.givenName, let other = b.givenName else { return true }
        guard !twinNames.contains([min(name, other), max(name, other)]) else { return false }
        // Swapped with the family name, a nickname or short form, close spelling, or one edit.
        return given <= 4 || StringSimilarity.editDistance(name, other) == 1
    }

    /// Whether the pair's household is known to hold twins: one source holds two of its children
    /// (same family name, or a typo of it), or a twin placeholder of the family at that address.
    private func isKnownTwinHousehold(_ a: LinkageRecord, _ b: LinkageRecord) -> Bool {
        if let household = a.householdKey, household == b.householdKey, known.contains(household) { return true }
        if oneRecordPerChild {
            for (one, other) in [(a, b), (b, a)] {
                if let loose = one.looseHouseholdKey, known.contains("~" + loose), other.dob?.iso == one.dob?.iso { return true }
            }
        }
        if let family = a.familyAtAddressKey, family == b.familyAtAddressKey, twinPlaceholderFamilies.contains(family) { return true }
        return false
    }
}
