import Crypto
import EarlyYearsSchema
import Foundation

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
        /// A person accepted a review: the two records are one child.
        case acceptedReview = "accepted_review"
        /// A person split the record from the child it was linked to.
        case unlinked
    }

    public var childID: String
    public var rule: Rule
    /// For a probabilistic link: the match probability and weight, and each field's part.
    public var probability: Double?
    public var matchWeight: Double?
    public var contributions: [LinkageModel.Contribution]?
    /// The source subject key of the record whose evidence made the link.
    public var linkedSourceKey: String?
    /// An uncertain pair for a person to decide (the record was made a new child meanwhile).
    public var review: Review?
    /// Children found to be one: each `from` id now resolves to `into`.
    public var merges: [CrosswalkMerge]
    /// What changed in the crosswalk, for the crosswalk topic; empty when nothing did.
    public var records: [CrosswalkRecord] = []

    public struct Review: Sendable, Hashable, Codable {
        /// Stable for the pair: the same two records give the same id.
        public var reviewID: String
        public var sourceKey: String
        public var childID: String
        public var candidateSourceKey: String
        public var candidateChildID: String
        /// The match probability, when the model scored the pair.
        public var probability: Double?
        public var reason: String
        public var contributions: [LinkageModel.Contribution]

        enum CodingKeys: String, CodingKey {
            case reviewID = "review_id"
            case sourceKey = "source_key"
            case childID = "child_id"
            case candidateSourceKey = "candidate_source_key"
            case candidateChildID = "candidate_child_id"
            case probability
            case reason
            case contributions
        }

        /// `rv_` and 32 hex digits of SHA-256 over the two source subject keys.
        public static func id(_ sourceKey: String, _ candidateSourceKey: String) -> String {
            let digest = SHA256.hash(data: Array("eyh.identity-review.v1\u{1F}\(sourceKey)\u{1F}\(candidateSourceKey)".utf8))
            return "rv_" + digest.prefix(16).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        }
    }
}

/// Why a person's identity decision could not be applied; safe to log (keys and ids only).
public struct IdentityDecisionError: Error, CustomStringConvertible, Sendable, Hashable {
    public var reason: String
    public var description: String { reason }
}

/// Recognises the same child across sources, one record at a time.
///
/// Its state is the crosswalk (source subject key → hub child id, with evidence) and what is
/// derived from it: identifier indexes and the linkage fields of each known key in an
/// ``IdentityIndex``. Every change is a ``CrosswalkRecord``, applied through ``apply(_:)``, which
/// is also how ``init(model:ids:restoring:)`` rebuilds the state from the crosswalk topic.
///
/// Deterministic rules come first: a valid NHS number with an agreeing date of birth, a valid
/// UPN, the same LA child id within the same LA. An NHS number that fails Modulus 11, or whose
/// date of birth disagrees, is never used to link; the record goes down the probabilistic path.
/// A probabilistic link needs the model's link threshold and a child that has no record from the
/// same source system yet (a source holds one record per child); a pair between the review and
/// link thresholds is put to a person, and the record becomes a new child meanwhile. Two children
/// a person has separated are never joined again by the resolver: the pair goes to review.
public struct Resolver: Sendable {
    public let model: LinkageModel
    private let scorer: LinkageModel.Scorer
    private let ids: ChildIDMaker
    /// Who the resolver's own decisions are recorded as.
    public static let decider = "eyhub resolve"

    /// The crosswalk, folded.
    public private(set) var crosswalk = CrosswalkState()
    private var index = IdentityIndex()
    private var handleKeys: [String] = []
    private var systemNumbers: [String: Int] = [:]

    public init(model: LinkageModel, ids: ChildIDMaker) {
        self.model = model
        scorer = model.scorer
        self.ids = ids
    }

    /// The resolver that `records` (the crosswalk topic, in any order) describe.
    public init(model: LinkageModel, ids: ChildIDMaker, restoring records: some Sequence<CrosswalkRecord>) {
        self.init(model: model, ids: ids)
        for record in records { apply(record) }
    }

    /// The child a source subject key resolves to now (after merges), if it is known.
    public func childID(ofSourceKey sourceKey: String) -> String? { crosswalk.childID(ofSourceKey: sourceKey) }

    /// How many source subject keys are known.
    public var knownSourceKeys: Int { crosswalk.links.count }

    private func surviving(_ child: String) -> String { crosswalk.surviving(child) }
    private var links: [String: CrosswalkLink] { crosswalk.links }
    private func sourceKeys(ofChild child: String) -> Set<String> { crosswalk.sourceKeys(ofChild: child) }
    private func isSeparated(_ one: String, _ other: String) -> Bool { crosswalk.isSeparated(one, other) }

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

    /// The valid identifiers of a subject, as the crosswalk keeps them.
    static func identifiers(_ subject: Subject) -> CrosswalkLink.Identifiers {
        var result = CrosswalkLink.Identifiers()
        if let nhs = subject.nhsNumber, nhs.checkDigitValid, let birthDate = subject.birthDate {
            result.nhsNumbers = [.init(number: nhs.value.value, birthDate: birthDate)]
        }
        if let upn = subject.upn, upn.valid { result.upns = [upn.value.value] }
        if let la = subject.laChildID { result.laChildIDs = ["\(la.laCode)\u{1F}\(la.value)"] }
        return result
    }

    /// The source system instance of an event: one record per child in each.
    public static func sourceName(_ source: Source) -> String { "\(source.system)\u{1F}\(source.orgCode)" }

    /// Resolves one record, remembers it, and returns the decision with the crosswalk records that
    /// changed.
    public mutating func resolve(
        sourceKey: String, source: Source, subject: Subject, eventID: String? = nil, at time: String = Resolver.now()
    ) -> Resolution {
        let known = links[sourceKey]
        let identifiers = Self.identifiers(subject)
        var found: [(child: String, rule: Resolution.Rule, key: String?)] = []
        if let known { found.append((surviving(known.childID), .knownSourceKey, nil)) }
        for entry in identifiers.nhsNumbers {
            for key in crosswalk.keysByNHSNumber[entry.number] ?? [] where key != sourceKey && links[key]!.identifiers.nhsNumbers.contains(entry) {
                found.append((surviving(links[key]!.childID), .nhsNumberAndBirthDate, key))
            }
        }
        for upn in identifiers.upns {
            for key in crosswalk.keysByUPN[upn] ?? [] where key != sourceKey { found.append((surviving(links[key]!.childID), .upn, key)) }
        }
        for la in identifiers.laChildIDs {
            for key in crosswalk.keysByLAChildID[la] ?? [] where key != sourceKey { found.append((surviving(links[key]!.childID), .laChildID, key)) }
        }

        let person = Self.person(subject, sourceKey: sourceKey)
        let record = LinkageRecord(person)
        var resolution: Resolution
        if let first = found.first {
            resolution = Resolution(childID: first.child, rule: first.rule, linkedSourceKey: first.key, merges: [])
            // The identifier decided; the pair's score is kept as evidence for whoever explains it.
            if let key = first.key, let other = links[key] {
                let score = model.score(record, LinkageRecord(other.person))
                resolution.probability = score.probability
                resolution.matchWeight = score.weight
                resolution.contributions = score.contributions
            }
            // Later evidence joining two children: every other child merges into the first,
            // unless a person decided they are different children.
            var seen: Set<String> = [first.child]
            for other in found.dropFirst() where seen.insert(other.child).inserted {
                if isSeparated(first.child, other.child) {
                    resolution.review = review(sourceKey, resolution.childID, other.key ?? "", other.child,
                                               reason: "\(other.rule.rawValue) joins children a person decided are different", record: record)
                    continue
                }
                resolution.merges.append(CrosswalkMerge(
                    from: other.child, into: first.child, reason: "\(other.rule.rawValue) of a record of \(first.child)",
                    decidedBy: Self.decider, decidedAt: time))
            }
        } else {
            resolution = probabilistic(record, person: person, sourceKey: sourceKey, source: Self.sourceName(source))
        }

        if let known {
            let all = known.identifiers.adding(identifiers)
            if all != known.identifiers {
                var updated = known
                updated.identifiers = all
                resolution.records.append(.link(updated))
            }
        } else {
            resolution.records.append(.link(CrosswalkLink(
                sourceKey: sourceKey, childID: resolution.childID, source: Self.sourceName(source), rule: resolution.rule,
                probability: resolution.probability, matchWeight: resolution.matchWeight, contributions: resolution.contributions,
                linkedSourceKey: resolution.linkedSourceKey, decidedBy: Self.decider, reason: resolution.review?.reason, decidedAt: time,
                eventID: eventID, person: person, identifiers: identifiers, separations: [])))
        }
        resolution.records += resolution.merges.map(CrosswalkRecord.merge)
        for change in resolution.records { apply(change) }
        return resolution
    }

    private func probabilistic(_ record: LinkageRecord, person: PersonRecord, sourceKey: String, source: String) -> Resolution {
        let newChild = Resolution(childID: ids.childID(forSourceKey: sourceKey), rule: .newChild, merges: [])
        var candidates = index.candidates(for: record, source: systemNumbers[source] ?? -1, scorer: scorer, minimumProbability: model.thresholds.review)
        // A candidate with the same NHS number reached this path because the dates of birth
        // disagree, and such a number is never used to link: it counts as no evidence, and the
        // pair is judged on everything else. (Different numbers still count against.)
        var withoutNHSNumber: LinkageRecord?
        if let number = record.nhsNumber {
            var blind = person
            blind.nhsNumber = nil
            let probe = LinkageRecord(blind)
            withoutNHSNumber = probe
            candidates = candidates.compactMap { candidate in
                guard index.records[candidate.handle].nhsNumber == number else { return candidate }
                let weight = scorer.weight(ComparisonVector(probe, index.records[candidate.handle]), probe)
                let probability = LinkageModel.probability(weight: weight)
                return probability >= model.thresholds.review ? .init(handle: candidate.handle, weight: weight, probability: probability) : nil
            }
            candidates.sort { ($0.weight, $1.handle) > ($1.weight, $0.handle) }
        }
        guard let best = candidates.first else { return newChild }
        let candidate = index.records[best.handle]
        let probe = candidate.nhsNumber != nil && candidate.nhsNumber == record.nhsNumber ? withoutNHSNumber ?? record : record
        let candidateKey = handleKeys[best.handle]
        let candidateChild = childID(ofSourceKey: candidateKey)!
        let score = model.score(probe, candidate)
        let alreadyHasSource = sourceKeys(ofChild: candidateChild).contains { links[$0]?.source == source }
        if best.probability >= model.thresholds.link, !alreadyHasSource {
            return Resolution(childID: candidateChild, rule: .probabilistic, probability: best.probability, matchWeight: best.weight,
                              contributions: score.contributions, linkedSourceKey: candidateKey, merges: [])
        }
        var uncertain = newChild
        uncertain.review = review(
            sourceKey, newChild.childID, candidateKey, candidateChild,
            reason: alreadyHasSource ? "the candidate child already has a record from this source system" : "the match probability is between the review and link thresholds",
            record: probe, probability: best.probability)
        return uncertain
    }


    private func review(_ sourceKey: String, _ child: String, _ candidateKey: String, _ candidateChild: String, reason: String,
                        record: LinkageRecord, probability: Double? = nil) -> Resolution.Review {
        let contributions = links[candidateKey].map { model.score(record, LinkageRecord($0.person)).contributions } ?? []
        return .init(reviewID: Resolution.Review.id(sourceKey, candidateKey), sourceKey: sourceKey, childID: child,
                     candidateSourceKey: candidateKey, candidateChildID: candidateChild, probability: probability,
                     reason: reason, contributions: contributions)
    }

    // MARK: Decisions by a person

    /// Splits a record from the child it is linked to: it becomes a child of its own, and the
    /// resolver never joins the two again.
    public mutating func unlink(sourceKey: String, by person: String, reason: String, at time: String = Resolver.now()) throws(IdentityDecisionError) -> [CrosswalkRecord] {
        guard var link = links[sourceKey] else { throw IdentityDecisionError(reason: "no record with source key \(sourceKey) is in the crosswalk") }
        let old = surviving(link.childID)
        guard sourceKeys(ofChild: old).count > 1 else {
            throw IdentityDecisionError(reason: "source key \(sourceKey) is the only record of \(old): there is nothing to unlink it from")
        }
        link.childID = ids.childID(forSourceKey: "\(sourceKey)\u{1F}unlinked-from\u{1F}\(old)")
        link.rule = .unlinked
        link.probability = nil
        link.matchWeight = nil
        link.contributions = nil
        link.linkedSourceKey = nil
        link.decidedBy = person
        link.reason = reason
        link.decidedAt = time
        link.separations.append(.init(childID: old, decidedBy: person, reason: reason, decidedAt: time))
        let records = [CrosswalkRecord.link(link)]
        for record in records { apply(record) }
        return records
    }

    /// A person accepts a review: the record's child merges into the candidate's.
    public mutating func accept(sourceKey: String, candidateSourceKey: String, by person: String, reason: String,
                                at time: String = Resolver.now()) throws(IdentityDecisionError) -> [CrosswalkRecord] {
        let (child, candidate) = try children(sourceKey, candidateSourceKey)
        guard child != candidate else { return [] }
        guard !isSeparated(child, candidate) else {
            throw IdentityDecisionError(reason: "\(child) and \(candidate) were separated by a person; unlinking cannot be undone by a review")
        }
        let records = [CrosswalkRecord.merge(.init(from: child, into: candidate, reason: "accepted review: \(reason)", decidedBy: person, decidedAt: time))]
        for record in records { apply(record) }
        return records
    }

    /// A person rejects a review: the two are different children, and stay so.
    public mutating func reject(sourceKey: String, candidateSourceKey: String, by person: String, reason: String,
                                at time: String = Resolver.now()) throws(IdentityDecisionError) -> [CrosswalkRecord] {
        let (child, candidate) = try children(sourceKey, candidateSourceKey)
        guard child != candidate else {
            throw IdentityDecisionError(reason: "the two records are already one child (\(child)); unlink one instead")
        }
        var link = links[sourceKey]!
        link.separations.append(.init(childID: candidate, decidedBy: person, reason: reason, decidedAt: time))
        let records = [CrosswalkRecord.link(link)]
        for record in records { apply(record) }
        return records
    }

    private func children(_ sourceKey: String, _ candidateSourceKey: String) throws(IdentityDecisionError) -> (String, String) {
        guard let child = childID(ofSourceKey: sourceKey) else { throw IdentityDecisionError(reason: "no record with source key \(sourceKey) is in the crosswalk") }
        guard let candidate = childID(ofSourceKey: candidateSourceKey) else {
            throw IdentityDecisionError(reason: "no record with source key \(candidateSourceKey) is in the crosswalk")
        }
        return (child, candidate)
    }

    // MARK: State

    /// Folds one crosswalk record into the state.
    public mutating func apply(_ record: CrosswalkRecord) {
        crosswalk.apply(record)
        // A key's first record is what later records are compared with.
        if case .link(let link) = record, indexed.insert(link.sourceKey).inserted {
            index.insert(LinkageRecord(link.person), source: systemNumber(link.source))
            handleKeys.append(link.sourceKey)
        }
    }

    private var indexed: Set<String> = []

    private mutating func systemNumber(_ system: String) -> Int {
        if let number = systemNumbers[system] { return number }
        let number = systemNumbers.count
        systemNumbers[system] = number
        return number
    }

    private static let timestamp = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// Now, in RFC 3339 (UTC, milliseconds).
    public static func now() -> String {
        timestamp.format(Date())
    }
}
