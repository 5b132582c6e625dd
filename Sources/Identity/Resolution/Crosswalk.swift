import Foundation

/// One record of the crosswalk, the compacted topic `eyh.identity.v1`. The resolver's state is a
/// fold over these records and nothing else, so a restarted or rebalanced resolver rebuilds itself
/// by reading the topic; no state lives only on a local disk. Folding them in any order gives the
/// same state, because compaction keeps only the latest record of each key and reading a topic
/// interleaves its partitions.
public enum CrosswalkRecord: Sendable, Hashable {
    /// Where one source subject key belongs (Kafka key: the source subject key).
    case link(CrosswalkLink)
    /// Two children found to be one (Kafka key: `merge:` and the old child id).
    case merge(CrosswalkMerge)

    public var key: String {
        switch self {
        case .link(let link): link.sourceKey
        case .merge(let merge): "merge:\(merge.from)"
        }
    }
}

/// A source subject key's place in the crosswalk: its child, by which rule and on what evidence,
/// who decided, and the linkage fields that later records are compared with.
///
/// The linkage fields are personal data: this topic is the resolver's own state and is readable
/// only by the resolver and the identity tools (decision 0014).
public struct CrosswalkLink: Sendable, Hashable, Codable {
    public var sourceKey: String
    public var childID: String
    /// The source system instance the key belongs to: system and organisation code.
    public var source: String
    public var rule: Resolution.Rule
    /// For a probabilistic link: the match probability and weight, and each field's part.
    public var probability: Double?
    public var matchWeight: Double?
    public var contributions: [LinkageModel.Contribution]?
    /// The source subject key of the record whose evidence made the link.
    public var linkedSourceKey: String?
    /// `eyhub resolve` for the resolver's own decisions, otherwise the person who decided.
    public var decidedBy: String
    public var reason: String?
    /// RFC 3339.
    public var decidedAt: String
    /// The event that first brought the key.
    public var eventID: String?
    /// The linkage fields of the key's first record.
    public var person: PersonRecord
    /// Every valid identifier the key's records have carried.
    public var identifiers: Identifiers
    /// Children a person decided this record is not (an unlink, a rejected review).
    public var separations: [Separation]

    public struct Identifiers: Sendable, Hashable, Codable {
        /// Valid NHS numbers, each with the date of birth it came with: a number links only with
        /// an agreeing date.
        public var nhsNumbers: [NHSNumberEvidence] = []
        public var upns: [String] = []
        /// LA code and LA child id.
        public var laChildIDs: [String] = []

        public init() {}

        /// These identifiers and any new ones of `other`.
        func adding(_ other: Identifiers) -> Identifiers {
            var result = self
            for entry in other.nhsNumbers where !result.nhsNumbers.contains(entry) { result.nhsNumbers.append(entry) }
            for upn in other.upns where !result.upns.contains(upn) { result.upns.append(upn) }
            for la in other.laChildIDs where !result.laChildIDs.contains(la) { result.laChildIDs.append(la) }
            return result
        }

        enum CodingKeys: String, CodingKey {
            case nhsNumbers = "nhs_numbers"
            case upns
            case laChildIDs = "la_child_ids"
        }
    }

    public struct NHSNumberEvidence: Sendable, Hashable, Codable {
        public var number: String
        public var birthDate: String

        enum CodingKeys: String, CodingKey {
            case number
            case birthDate = "birth_date"
        }
    }

    public struct Separation: Sendable, Hashable, Codable {
        public var childID: String
        public var decidedBy: String
        public var reason: String
        public var decidedAt: String

        enum CodingKeys: String, CodingKey {
            case childID = "child_id"
            case decidedBy = "decided_by"
            case reason
            case decidedAt = "decided_at"
        }
    }

    enum CodingKeys: String, CodingKey {
        case sourceKey = "source_key"
        case childID = "child_id"
        case source
        case rule
        case probability
        case matchWeight = "match_weight"
        case contributions
        case linkedSourceKey = "linked_source_key"
        case decidedBy = "decided_by"
        case reason
        case decidedAt = "decided_at"
        case eventID = "event_id"
        case person
        case identifiers
        case separations
    }
}

/// Two children found to be one: `from` now resolves to `into`.
public struct CrosswalkMerge: Sendable, Hashable, Codable {
    public var from: String
    public var into: String
    public var reason: String
    public var decidedBy: String
    public var decidedAt: String

    public init(from: String, into: String, reason: String, decidedBy: String, decidedAt: String) {
        self.from = from
        self.into = into
        self.reason = reason
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
    }

    enum CodingKeys: String, CodingKey {
        case from
        case into
        case reason
        case decidedBy = "decided_by"
        case decidedAt = "decided_at"
    }
}

extension CrosswalkRecord: Codable {
    enum CodingKeys: String, CodingKey {
        case type
    }

    enum Kind: String, Codable {
        case link
        case merge
    }

    public init(from decoder: any Decoder) throws {
        switch try decoder.container(keyedBy: CodingKeys.self).decode(Kind.self, forKey: .type) {
        case .link: self = .link(try CrosswalkLink(from: decoder))
        case .merge: self = .merge(try CrosswalkMerge(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .link(let link):
            try container.encode(Kind.link, forKey: .type)
            try link.encode(to: encoder)
        case .merge(let merge):
            try container.encode(Kind.merge, forKey: .type)
            try merge.encode(to: encoder)
        }
    }

    /// The record's JSON (sorted keys), as the crosswalk topic holds it.
    public func json() throws -> [UInt8] { try identityJSON() }

    public init(json: [UInt8]) throws {
        self = try JSONDecoder().decode(CrosswalkRecord.self, from: Data(json))
    }
}

/// The crosswalk folded: which child each source subject key belongs to after every merge, the
/// keys of each child, and the identifier indexes. The resolver keeps one; the identity tools
/// (`eyhub identity explain`, `unlink`, `review`) fold the topic into one to answer questions.
public struct CrosswalkState: Sendable {
    public private(set) var links: [String: CrosswalkLink] = [:]
    public private(set) var merges: [String: CrosswalkMerge] = [:]
    /// The source subject keys of each surviving child.
    private var keysOfChild: [String: Set<String>] = [:]
    private(set) var keysByNHSNumber: [String: [String]] = [:]
    private(set) var keysByUPN: [String: [String]] = [:]
    private(set) var keysByLAChildID: [String: [String]] = [:]

    public init() {}

    /// The state `records` describe, folded in any order.
    public init(_ records: some Sequence<CrosswalkRecord>) {
        for record in records { apply(record) }
    }

    /// The id `child` resolves to after every merge.
    public func surviving(_ child: String) -> String {
        var current = child
        var steps = 0
        while let next = merges[current]?.into, next != current, steps < 1_000 {
            current = next
            steps += 1
        }
        return current
    }

    /// The child a source subject key resolves to now, if it is known.
    public func childID(ofSourceKey sourceKey: String) -> String? {
        links[sourceKey].map { surviving($0.childID) }
    }

    /// The source subject keys of a child (after merges).
    public func sourceKeys(ofChild child: String) -> Set<String> { keysOfChild[surviving(child)] ?? [] }

    /// Whether a person decided that some record of one child is not the other child.
    public func isSeparated(_ one: String, _ other: String) -> Bool {
        func separates(_ from: String, _ to: String) -> Bool {
            let target = surviving(to)
            return sourceKeys(ofChild: from).contains { key in links[key]!.separations.contains { surviving($0.childID) == target } }
        }
        return separates(one, other) || separates(other, one)
    }

    /// Folds one record in.
    public mutating func apply(_ record: CrosswalkRecord) {
        switch record {
        case .link(let link):
            let key = link.sourceKey
            if let old = links[key] { keysOfChild[surviving(old.childID)]?.remove(key) }
            links[key] = link
            keysOfChild[surviving(link.childID), default: []].insert(key)
            for entry in link.identifiers.nhsNumbers { Self.add(key, to: &keysByNHSNumber[entry.number, default: []]) }
            for upn in link.identifiers.upns { Self.add(key, to: &keysByUPN[upn, default: []]) }
            for la in link.identifiers.laChildIDs { Self.add(key, to: &keysByLAChildID[la, default: []]) }
        case .merge(let merge):
            let from = surviving(merge.from)
            let into = surviving(merge.into)
            guard from != into else { return }
            merges[merge.from] = merge
            keysOfChild[into, default: []].formUnion(keysOfChild.removeValue(forKey: from) ?? [])
        }
    }

    private static func add(_ key: String, to keys: inout [String]) {
        if !keys.contains(key) { keys.append(key) }
    }
}
