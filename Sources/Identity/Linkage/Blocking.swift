/// Which pairs are compared at all: only records that agree on one of these keys. Each rule's key
/// is exact, so every pair a rule finds is found by looking up one bucket, and a new record's
/// cost depends on the size of its buckets, not on the size of the population.
///
/// The rules (the same ones the Splink reference in `bench/identity` uses):
/// 1. date of birth;
/// 2. family name and year of birth;
/// 3. full postcode and year of birth;
/// 4. NHS number (valid ones only);
/// 5. given name and postcode district;
/// 6. full postcode and the given and family names as an unordered pair (for records without a
///    date of birth whose names were swapped).
public enum BlockingRule: String, CaseIterable, Sendable, Codable {
    case dob
    case familyNameAndBirthYear = "family_name+birth_year"
    case postcodeAndBirthYear = "postcode+birth_year"
    case nhsNumber = "nhs_number"
    case givenNameAndDistrict = "given_name+postcode_district"
    case postcodeAndNames = "postcode+names"

    /// The record's key under this rule, or `nil` when it lacks a field the rule needs.
    public func key(_ record: LinkageRecord) -> String? {
        switch self {
        case .dob:
            return record.dob?.iso
        case .familyNameAndBirthYear:
            guard let family = record.familyName, let year = record.birthYear else { return nil }
            return "\(family)\u{1F}\(year)"
        case .postcodeAndBirthYear:
            guard let postcode = record.postcode, let year = record.birthYear else { return nil }
            return "\(postcode.full)\u{1F}\(year)"
        case .nhsNumber:
            return record.nhsNumber
        case .givenNameAndDistrict:
            guard let given = record.givenName, let district = record.postcode?.district else { return nil }
            return "\(given)\u{1F}\(district)"
        case .postcodeAndNames:
            guard let postcode = record.postcode, let given = record.givenName, let family = record.familyName else { return nil }
            return "\(postcode.full)\u{1F}\(min(given, family))\u{1F}\(max(given, family))"
        }
    }
}

/// Every record's key under every rule, worked out once, and for one side of a link the records
/// in each bucket.
struct BlockingIndex: Sendable {
    /// `keys[record][rule]`.
    let keys: [[String?]]
    /// `buckets[rule][key]`: the records with that key, in order.
    let buckets: [[String: [Int]]]

    init(_ records: [LinkageRecord]) {
        keys = records.map(Self.keys(of:))
        var buckets = Array(repeating: [String: [Int]](), count: BlockingRule.allCases.count)
        for (index, recordKeys) in keys.enumerated() {
            for (rule, key) in recordKeys.enumerated() {
                if let key { buckets[rule][key, default: []].append(index) }
            }
        }
        self.buckets = buckets
    }

    static func keys(of record: LinkageRecord) -> [String?] {
        BlockingRule.allCases.map { $0.key(record) }
    }

    /// Calls `body` once for every record of this index that shares a key with a record whose
    /// keys are `probe`: a pair two rules find is visited under the first only.
    func forEachCandidate(of probe: [String?], _ body: (Int) -> Void) {
        for rule in 0..<buckets.count {
            guard let key = probe[rule], let bucket = buckets[rule][key] else { continue }
            for candidate in bucket where !Self.earlierRuleMatches(probe, keys[candidate], before: rule) {
                body(candidate)
            }
        }
    }

    static func earlierRuleMatches(_ a: [String?], _ b: [String?], before rule: Int) -> Bool {
        for earlier in 0..<rule {
            // Most keys differ in length or in their first bytes: compared as whole strings
            // only when those agree.
            guard let key = a[earlier], let other = b[earlier], key.utf8.count == other.utf8.count else { continue }
            if key == other { return true }
        }
        return false
    }
}
