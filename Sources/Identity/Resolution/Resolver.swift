import EarlyYearsSchema

/// What the resolver decided for one record: the hub child id, by which rule, and the evidence.
public struct Resolution: Sendable, Hashable, Codable {
    public enum Rule: String, Sendable, Hashable, Codable {
        /// The source subject key was linked before.
        case knownSourceKey = "known_source_key"
        /// A valid NHS number with an agreeing date of birth.
        case nhsNumberAndBirthDate = "nhs_number+birth_date"
        /// A valid UPN.
        case upn
        /// The same LA child id within the same LA.
        case laChildID = "la_child_id"
        /// Fellegi–Sunter, at or above the link threshold.
        case probabilistic
        /// No link: a new child.
        case newChild = "new_child"
    }

    public var childID: String
    public var rule: Rule
    /// For a probabilistic link: the match probability and weight, and each field's part.
    public var probability: Double?
    public var matchWeight: Double?
    public var contributions: [LinkageModel.Contribution]?
    /// The source subject key of the record this one was linked to by probability.
    public var linkedSourceKey: String?
    /// An uncertain pair for a person to decide (the record was made a new child meanwhile).
    public var review: Review?
    /// Children found to be one: each `from` id now resolves to `into`.
    public var merges: [Merge]

    public struct Review: Sendable, Hashable, Codable {
        public var candidateSourceKey: String
        public var candidateChildID: String
        public var probability: Double
        public var reason: String
        public var contributions: [LinkageModel.Contribution]
    }

    public struct Merge: Sendable, Hashable, Codable {
        public var from: String
        public var into: String
        public var reason: String
    }
}

/// Recognises the same child across sources, one record at a time, keeping only what it needs:
/// the crosswalk (source subject key → hub child id), the identifier indexes, and the linkage
/// fields of each known record in an ``IdentityIndex``.
///
/// Deterministic rules come first: a valid NHS number with an agreeing date of birth, a valid
/// UPN, the same LA child id within the same LA. An NHS number that fails Modulus 11, or whose
/// date of birth disagrees, is never used to link; the record goes down the probabilistic path.
/// A probabilistic link needs the model's link threshold and a child that has no record from the
/// same source system yet (a source holds one record per child); a pair between the review and
/// link thresholds is put to a person, and the record becomes a new child meanwhile.
public struct Resolver: Sendable {
    public let model: LinkageModel
    private let scorer: LinkageModel.Scorer
    private let ids: ChildIDMaker

    private var crosswalk: [String: String] = [:]
    private var mergedInto: [String: String] = [:]
    private var byNHSNumber: [String: (child: String, birthDate: String?)] = [:]
    private var byUPN: [String: String] = [:]
    private var byLAChildID: [String: String] = [:]
    private var index = IdentityIndex()
    private var handleKeys: [String] = []
    private var systemsOfChild: [String: Set<String>] = [:]
    private var systemNumbers: [String: Int] = [:]

    public init(model: LinkageModel, ids: ChildIDMaker) {
        self.model = model
        scorer = model.scorer
        self.ids = ids
    }

    /// The child a source subject key resolves to now (after merges), if it is known.
    public func childID(ofSourceKey sourceKey: String) -> String? {
        crosswalk[sourceKey].map(surviving)
    }

    /// How many source subject keys are known.
    public var knownSourceKeys: Int { crosswalk.count }

    func surviving(_ child: String) -> String {
        var current = child
        while let next = mergedInto[current], next != current { current = next }
        return current
    }

    /// The fields linkage compares, from a canonical subject.
    public static func person(_ subject: Subject, sourceKey: String) -> PersonRecord {
        let sex: String? = switch subject.sex {
        case .female?: "F"
        case .male?: "M"
        default: nil
        }
        let address = subject.address?.lines.map { $0.joined(separator: ", ") }
        let nhs = subject.nhsNumber.flatMap { $0.checkDigitValid ? $0.value.value : nil }
        return PersonRecord(id: sourceKey, givenName: subject.givenNames?.joined(separator: " "), familyName: subject.familyName,
                            dob: subject.birthDate, sex: sex, postcode: subject.postcode ?? subject.address?.postcode, address: address, nhsNumber: nhs)
    }

    /// Resolves one record and remembers it.
    public mutating func resolve(sourceKey: String, source: Source, subject: Subject) -> Resolution {
        let record = LinkageRecord(Self.person(subject, sourceKey: sourceKey))
        let known = childID(ofSourceKey: sourceKey)
        var found: [(child: String, rule: Resolution.Rule)] = []
        if let known { found.append((known, .knownSourceKey)) }
        if let nhs = record.nhsNumber, let entry = byNHSNumber[nhs], let birthDate = subject.birthDate, entry.birthDate == birthDate {
            found.append((surviving(entry.child), .nhsNumberAndBirthDate))
        }
        if let upn = Self.upn(subject), let child = byUPN[upn] { found.append((surviving(child), .upn)) }
        if let la = Self.laKey(subject), let child = byLAChildID[la] { found.append((surviving(child), .laChildID)) }

        var resolution: Resolution
        if let first = found.first {
            resolution = Resolution(childID: first.child, rule: first.rule, merges: [])
            // Later evidence joining two children: every other child merges into the first.
            var seen: Set<String> = [first.child]
            for other in found.dropFirst() where seen.insert(other.child).inserted {
                resolution.merges.append(.init(from: other.child, into: first.child, reason: "\(other.rule.rawValue) of a record of \(first.child)"))
                mergedInto[other.child] = first.child
                systemsOfChild[first.child, default: []].formUnion(systemsOfChild[other.child] ?? [])
            }
        } else {
            resolution = probabilistic(record, sourceKey: sourceKey, system: source.system)
        }
        remember(record, sourceKey: sourceKey, subject: subject, system: source.system, child: resolution.childID, isNew: known == nil)
        return resolution
    }

    private mutating func probabilistic(_ record: LinkageRecord, sourceKey: String, system: String) -> Resolution {
        let newChild = Resolution(childID: ids.childID(forSourceKey: sourceKey), rule: .newChild, merges: [])
        let candidates = index.candidates(for: record, source: systemNumber(system), scorer: scorer, minimumProbability: model.thresholds.review)
        guard let best = candidates.first else { return newChild }
        let candidateKey = handleKeys[best.handle]
        let candidateChild = childID(ofSourceKey: candidateKey) ?? ids.childID(forSourceKey: candidateKey)
        let score = model.score(record, index.records[best.handle])
        let alreadyHasSystem = systemsOfChild[candidateChild]?.contains(system) == true
        if best.probability >= model.thresholds.link, !alreadyHasSystem {
            return Resolution(childID: candidateChild, rule: .probabilistic, probability: best.probability, matchWeight: best.weight,
                              contributions: score.contributions, linkedSourceKey: candidateKey, merges: [])
        }
        var uncertain = newChild
        uncertain.review = .init(
            candidateSourceKey: candidateKey, candidateChildID: candidateChild, probability: best.probability,
            reason: alreadyHasSystem ? "the candidate child already has a record from this source system" : "the match probability is between the review and link thresholds",
            contributions: score.contributions)
        return uncertain
    }

    private mutating func remember(_ record: LinkageRecord, sourceKey: String, subject: Subject, system: String, child: String, isNew: Bool) {
        crosswalk[sourceKey] = child
        systemsOfChild[child, default: []].insert(system)
        if let nhs = record.nhsNumber, byNHSNumber[nhs] == nil { byNHSNumber[nhs] = (child, subject.birthDate) }
        if let upn = Self.upn(subject), byUPN[upn] == nil { byUPN[upn] = child }
        if let la = Self.laKey(subject), byLAChildID[la] == nil { byLAChildID[la] = child }
        // A source key's first record is what later records are compared with.
        if isNew {
            index.insert(record, source: systemNumber(system))
            handleKeys.append(sourceKey)
        }
    }

    private mutating func systemNumber(_ system: String) -> Int {
        if let number = systemNumbers[system] { return number }
        let number = systemNumbers.count
        systemNumbers[system] = number
        return number
    }

    static func upn(_ subject: Subject) -> String? {
        subject.upn.flatMap { $0.valid ? $0.value.value : nil }
    }

    static func laKey(_ subject: Subject) -> String? {
        subject.laChildID.map { "\($0.laCode)\u{1F}\($0.value)" }
    }
}
