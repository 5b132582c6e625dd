import Foundation

/// A trained Fellegi–Sunter model (as Splink uses): for every field and comparison level, the
/// probability `m` of that level among pairs that are the same child and `u` among pairs that
/// are not; the prior probability that two records are the same child; the name frequencies for
/// term-frequency adjustment; and the thresholds the resolver decides by.
///
/// A pair's match weight is `log2(prior / (1 - prior)) + Σ log2(m / u)` over the fields with a
/// level, with an exact name match's `u` replaced by that name's own frequency (a match on a rare
/// surname counts for more than one on "smith"); its match probability is `2^w / (1 + 2^w)`.
public struct LinkageModel: Codable, Sendable {
    public static let formatVersion = 1

    public struct Level: Codable, Sendable {
        public var name: String
        public var m: Double
        public var u: Double
    }

    public struct FieldParameters: Codable, Sendable {
        public var field: LinkageField
        public var levels: [Level]
    }

    /// The relative frequency of each normalised name seen at least `minimumCount` times when the
    /// model was trained. Rarer names are not kept (the model file lists no name that only a few
    /// children have) and count as `rareFrequency`.
    public struct NameFrequencies: Codable, Sendable {
        public var given: [String: Double]
        public var family: [String: Double]
        public var rareFrequency: Double
        public static let minimumCount = 5

        func frequency(of name: String, given isGiven: Bool) -> Double {
            (isGiven ? given[name] : family[name]) ?? rareFrequency
        }
    }

    public struct Thresholds: Codable, Sendable {
        /// At or above: linked without a person (default 0.95).
        public var link: Double
        /// At or above, and below `link`: put to a person (default 0.85).
        public var review: Double

        public init(link: Double = 0.95, review: Double = 0.85) {
            self.link = link
            self.review = review
        }
    }

    /// What the model was trained on, for the people who check it.
    public struct TrainingSummary: Codable, Sendable {
        public var records: Int
        public var sampledPairsForU: Int
        public var blockedPairsForM: Int
        public var emIterations: Int
        public var emConverged: Bool
    }

    public var formatVersion: Int
    public var prior: Double
    public var fields: [FieldParameters]
    public var nameFrequencies: NameFrequencies
    public var thresholds: Thresholds
    public var training: TrainingSummary

    /// `log2(m / u)` for every field (in ``LinkageField/allCases`` order) and level.
    private var weights: [[Double]] {
        fields.map { $0.levels.map { log2($0.m / $0.u) } }
    }

    public init(prior: Double, fields: [FieldParameters], nameFrequencies: NameFrequencies, thresholds: Thresholds = Thresholds(), training: TrainingSummary) {
        formatVersion = Self.formatVersion
        self.prior = prior
        self.fields = fields
        self.nameFrequencies = nameFrequencies
        self.thresholds = thresholds
        self.training = training
    }

    /// One field's part in a pair's match weight.
    public struct Contribution: Sendable, Hashable, Codable {
        public var field: LinkageField
        /// The level reached, or `nil` when a value is missing (no evidence).
        public var level: String?
        /// `log2(m / u)`, with any term-frequency adjustment; 0 without a level.
        public var weight: Double
        /// The term-frequency part of `weight`.
        public var termFrequencyAdjustment: Double
    }

    /// A pair's match weight and probability, with each field's contribution.
    public struct Score: Sendable, Codable {
        public var weight: Double
        public var probability: Double
        public var priorWeight: Double
        public var contributions: [Contribution]
    }

    public var priorWeight: Double { log2(prior / (1 - prior)) }

    public static func probability(weight: Double) -> Double {
        let odds = exp2(weight)
        return odds.isInfinite ? 1 : odds / (1 + odds)
    }

    /// The full account of a pair, for explanations and reviews.
    public func score(_ a: LinkageRecord, _ b: LinkageRecord) -> Score {
        let vector = ComparisonVector(a, b)
        var total = priorWeight
        var contributions: [Contribution] = []
        for (position, field) in LinkageField.allCases.enumerated() {
            guard let level = vector.level(at: position) else {
                contributions.append(Contribution(field: field, level: nil, weight: 0, termFrequencyAdjustment: 0))
                continue
            }
            let adjustment = termFrequencyAdjustment(field: field, level: level, a)
            let weight = log2(fields[position].levels[level].m / fields[position].levels[level].u) + adjustment
            total += weight
            contributions.append(Contribution(field: field, level: fields[position].levels[level].name, weight: weight, termFrequencyAdjustment: adjustment))
        }
        return Score(weight: total, probability: Self.probability(weight: total), priorWeight: priorWeight, contributions: contributions)
    }

    /// For an exact name match, `log2(u / frequency)`: positive for a rare name, negative for a
    /// common one.
    func termFrequencyAdjustment(field: LinkageField, level: Int, _ a: LinkageRecord) -> Double {
        guard level == 0 else { return 0 }
        let position: Int
        let name: String?
        switch field {
        case .givenName: (position, name) = (0, a.givenName)
        case .familyName: (position, name) = (1, a.familyName)
        default: return 0
        }
        guard let name else { return 0 }
        let frequency = nameFrequencies.frequency(of: name, given: field == .givenName)
        return log2(fields[position].levels[0].u / frequency)
    }

    /// A scorer with the weights worked out once, for scoring many pairs.
    public var scorer: Scorer { Scorer(model: self) }

    /// Scores pairs fast: weights looked up by level, names' frequencies adjusted.
    public struct Scorer: Sendable {
        let model: LinkageModel
        let weights: [[Double]]
        let priorWeight: Double

        /// The most each name field can add (its best level, with the largest term-frequency
        /// adjustment a rare name gets): given name, then family name.
        let bestNameWeights: [Double]

        init(model: LinkageModel) {
            self.model = model
            weights = model.weights
            priorWeight = model.priorWeight
            bestNameWeights = (0..<2).map { position in
                let levels = model.fields[position].levels
                let adjustment = max(0, log2(levels[0].u / model.nameFrequencies.rareFrequency))
                return max(0, model.weights[position].max() ?? 0, (model.weights[position].first ?? 0) + adjustment)
            }
        }

        /// The pair's comparison vector and match weight, or `nil` when its weight is certainly
        /// below `minimum`. The cheap fields are compared first, then the family name, then the
        /// given name; each name (string similarity, the costly part) only when it could still
        /// bring the weight up to `minimum`.
        public func score(_ a: LinkageRecord, _ b: LinkageRecord, atLeast minimum: Double) -> (vector: ComparisonVector, weight: Double)? {
            var packed: UInt32 = 0
            var partial = priorWeight
            for position in 2..<weights.count {
                guard let level = LinkageField.allCases[position].level(a, b) else { continue }
                packed |= UInt32(level + 1) << (4 * position)
                partial += weights[position][level]
            }
            guard partial + bestNameWeights[0] + bestNameWeights[1] >= minimum else { return nil }
            if let family = LinkageField.familyName.level(a, b) {
                packed |= UInt32(family + 1) << 4
                partial += weights[1][family] + (family == 0 ? model.termFrequencyAdjustment(field: .familyName, level: 0, a) : 0)
            }
            guard partial + bestNameWeights[0] >= minimum else { return nil }
            if let given = LinkageField.givenName.level(a, b) { packed |= UInt32(given + 1) }
            let vector = ComparisonVector(packed: packed)
            let total = weight(vector, a)
            return total >= minimum ? (vector, total) : nil
        }

        /// The match weight of a pair whose comparison vector is known.
        public func weight(_ vector: ComparisonVector, _ a: LinkageRecord) -> Double {
            var total = priorWeight
            for position in 0..<weights.count {
                guard let level = vector.level(at: position) else { continue }
                total += weights[position][level]
            }
            if vector.level(at: 0) == 0 { total += model.termFrequencyAdjustment(field: .givenName, level: 0, a) }
            if vector.level(at: 1) == 0 { total += model.termFrequencyAdjustment(field: .familyName, level: 0, a) }
            return total
        }
    }
}

extension LinkageModel {
    /// Reads a model file written by ``write(to:)``.
    public static func load(from url: URL) throws -> LinkageModel {
        let model = try JSONDecoder().decode(LinkageModel.self, from: Data(contentsOf: url))
        guard model.formatVersion == formatVersion else {
            throw LinkageModelError(reason: "the model file is format \(model.formatVersion); this eyhub reads format \(formatVersion): train it again with `eyhub identity train`")
        }
        guard model.fields.map(\.field) == LinkageField.allCases,
              zip(model.fields, LinkageField.allCases).allSatisfy({ $0.levels.map(\.name) == $1.levels }) else {
            throw LinkageModelError(reason: "the model file's fields or levels are not this eyhub's: train it again with `eyhub identity train`")
        }
        guard model.prior > 0, model.prior < 1,
              model.fields.allSatisfy({ $0.levels.allSatisfy { $0.m > 0 && $0.m <= 1 && $0.u > 0 && $0.u <= 1 } }) else {
            throw LinkageModelError(reason: "the model file has a probability outside (0, 1]")
        }
        return model
    }

    /// Writes the model as JSON with sorted keys, so that two trainings on the same data give the
    /// same file.
    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}

public struct LinkageModelError: Error, CustomStringConvertible, Sendable {
    public var reason: String
    public var description: String { reason }
}
