import EarlyYearsSchema
import Foundation

/// What the router knows about one child: the relationships services have with it, the
/// restrictions on sharing about it, and who received which of its records. Kept per child id in
/// the compacted changelog `eyh.state.router.v1`, written in the same transaction as the records
/// it explains, and restored from there after a restart or rebalance.
public struct ChildSharingState: Sendable, Hashable, Codable {
    /// Every live record of the child: its source organisation (for `caseload`), the source subject
    /// key it came under (so an identity split can move it) and its retention date.
    public var records: [String: RecordInfo] = [:]
    /// Enrolments by record key: setting URN and dates.
    public var enrolments: [String: Enrolment] = [:]
    /// Open cases by record key: the organisation the case is open with.
    public var openCases: [String: String] = [:]
    /// Referrals not closed, by record key: the service referred to.
    public var referrals: [String: ReferralPayload.Service] = [:]
    /// The latest postcode seen for the child, normalised (`LS61AA`), and when it was true.
    public var postcode: String?
    public var postcodeAt: String?
    public var restrictions = Restrictions()
    /// Who received each record, by record key: recipient id → the agreement it came under.
    public var disclosures: [String: [String: Disclosed]] = [:]

    public init() {}

    public struct RecordInfo: Sendable, Hashable, Codable {
        public var organisation: String
        public var sourceKey: String?
        public var retainUntil: String?
        public var eventID: String
        public var eventType: EventType
    }

    public struct Enrolment: Sendable, Hashable, Codable {
        public var settingURN: String
        public var startDate: String
        public var endDate: String?
    }

    public struct Disclosed: Sendable, Hashable, Codable {
        public var agreementID: String
        public var agreementVersion: String
        /// The event id of the version last sent.
        public var eventID: String
    }

    /// Per-child restrictions, from people's decisions on `eyh.sharing-decisions.v1`.
    public struct Restrictions: Sendable, Hashable, Codable {
        /// A parent objected to sharing for any purpose other than safeguarding.
        public var objection: Decided?
        /// The record is sealed (an adoption, for example): nothing about the child is shared.
        public var sealed: Decided?
        /// Safeguarding overrides of an objection, by agreement id.
        public var overrides: [String: Decided] = [:]

        public init() {}
    }

    public struct Decided: Sendable, Hashable, Codable {
        public var decisionID: String
        public var by: String
        public var reason: String
        public var at: String
    }

    /// Combines another child's state into this one (an identity merge): relationships,
    /// restrictions and disclosures of both. The stricter restriction wins.
    public mutating func absorb(_ other: ChildSharingState) {
        records.merge(other.records) { mine, _ in mine }
        enrolments.merge(other.enrolments) { mine, _ in mine }
        openCases.merge(other.openCases) { mine, _ in mine }
        referrals.merge(other.referrals) { mine, _ in mine }
        if let theirs = other.postcodeAt, theirs > (postcodeAt ?? "") {
            postcode = other.postcode
            postcodeAt = theirs
        }
        restrictions.objection = restrictions.objection ?? other.restrictions.objection
        restrictions.sealed = restrictions.sealed ?? other.restrictions.sealed
        restrictions.overrides.merge(other.restrictions.overrides) { mine, _ in mine }
        for (record, recipients) in other.disclosures {
            disclosures[record, default: [:]].merge(recipients) { mine, _ in mine }
        }
    }

    /// Takes out everything that came under `sourceKey` (an identity split moves it to a new child).
    public mutating func remove(sourceKey: String) -> ChildSharingState {
        var moved = ChildSharingState()
        for (key, info) in records where info.sourceKey == sourceKey {
            moved.records[key] = records.removeValue(forKey: key)
            moved.enrolments[key] = enrolments.removeValue(forKey: key)
            moved.openCases[key] = openCases.removeValue(forKey: key)
            moved.referrals[key] = referrals.removeValue(forKey: key)
            moved.disclosures[key] = disclosures.removeValue(forKey: key)
        }
        // The person's restrictions were about the child, whichever record they came with: both keep them.
        moved.restrictions = restrictions
        moved.postcode = postcode
        moved.postcodeAt = postcodeAt
        return moved
    }

    var isEmpty: Bool { self == ChildSharingState() }

    /// The child's connections on one day, gathered once so that each recipient is a few set lookups.
    struct Connections {
        var settingsOnRoll: Set<String> = []
        var organisations: Set<String> = []
        var openWith: Set<String> = []
        var referredTo: Set<ReferralPayload.Service> = []
        /// The postcode's district (`LS6`), sector (`LS6 1`) and whole postcode (`LS61AA`).
        var places: Set<String> = []

        init(_ state: ChildSharingState, today: String) {
            for enrolment in state.enrolments.values where enrolment.startDate <= today && (enrolment.endDate.map { $0 >= today } ?? true) {
                settingsOnRoll.insert(enrolment.settingURN)
            }
            for record in state.records.values { organisations.insert(record.organisation) }
            openWith = Set(state.openCases.values)
            referredTo = Set(state.referrals.values)
            if let postcode = state.postcode { places = Postcode.places(postcode) }
        }

        func relationship(of recipient: Agreement.Recipient) -> Relationship? {
            recipient.relationships.first { relationship in
                switch relationship {
                case .onRoll: settingsOnRoll.contains(recipient.organisation)
                case .caseload: organisations.contains(recipient.organisation)
                case .area, .resident: recipient.area.contains { places.contains($0) }
                case .openCase: openWith.contains(recipient.organisation)
                case .referred: recipient.referralService.map(referredTo.contains) ?? false
                }
            }
        }
    }
}

enum Postcode {
    /// Upper case without spaces.
    static func normalise(_ text: String) -> String {
        String(text.uppercased().filter { $0.isLetter || $0.isNumber })
    }

    /// The areas a normalised postcode is in, as agreements name them: its district (`LS6`), its
    /// sector (`LS6 1`) and itself.
    static func places(_ postcode: String) -> Set<String> {
        guard postcode.count >= 5 else { return [] }
        let outward = String(postcode.dropLast(3))
        return [outward, outward + " " + String(postcode.dropFirst(outward.count).prefix(1)), postcode]
    }

    /// An agreement's area as the router compares it: upper case, one space between district and sector.
    static func area(_ text: String) -> String {
        text.uppercased().split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}
