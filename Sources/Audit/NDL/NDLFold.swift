import EarlyYearsSchema
import Identity

/// Folds `eyh.child-events.v1` into one ``ChildFacts`` per child known in a period. Pure: the
/// records in, the facts out.
///
/// - Each source record (system, organisation, record id) counts once, as its latest version
///   (latest `recorded_at`, then the later read); a record whose latest action is `delete` counts not at all.
/// - A record belongs to the child its event resolves to after every merge and split (``IdentityHistory``).
/// - A child is in the period if any of its records occurred in it, or flags a concern in it.
/// - Concern domains flagged: a concern open at any time in the period; an ASQ area the source
///   banded below its cut-off, completed in the period; a progress check prime area not on track,
///   completed in the period. Each is flagged by the service (organisation) that sent it.
/// - Local authority: the most frequent `org_code` of the child's records from local authorities;
///   else the LA code of an LA child id the child's records carry; else the LA that `laByOrgCode`
///   gives for the child's source organisations (most frequent); else `unknown`. Ties: the smallest code.
/// - Age band: whole years at the period's end, from the most frequent `birth_date` the records carry.
public struct NDLFold: Sendable {
    public struct Counts: Sendable, Hashable, Codable {
        public var records = 0
        public var events = 0
        public var sourceRecords = 0
        public var deletedSourceRecords = 0
        public var merges = 0
        public var splits = 0
        public var children = 0
        public var childrenInPeriod = 0
        /// Current source records by the source's organisation type.
        public var sourceRecordsByOrgType: [String: Int] = [:]

        enum CodingKeys: String, CodingKey {
            case records
            case events
            case sourceRecords = "source_records"
            case deletedSourceRecords = "deleted_source_records"
            case merges
            case splits
            case children
            case childrenInPeriod = "children_in_period"
            case sourceRecordsByOrgType = "source_records_by_org_type"
        }
    }

    public var period: ReportingPeriod
    /// A source organisation code → the LA it serves, for children no LA record places.
    public var laByOrgCode: [String: String]

    public init(period: ReportingPeriod, laByOrgCode: [String: String] = [:]) {
        self.period = period
        self.laByOrgCode = laByOrgCode
    }

    public func facts(_ records: [ChildEventsRecord]) -> (facts: [ChildFacts], counts: Counts) {
        var counts = Counts()
        counts.records = records.count
        var notices: [IdentityNotice] = []
        var latest: [String: (event: EarlyYearsEvent, owner: (String, String?), index: Int)] = [:]
        for (index, record) in records.enumerated() {
            switch record {
            case .notice(let notice): notices.append(notice)
            case .event(let childID, let sourceKey, let event):
                counts.events += 1
                let key = "\(event.source.system)\u{1F}\(event.source.orgCode)\u{1F}\(event.source.recordID)"
                if let kept = latest[key], kept.event.recordedAt > event.recordedAt { continue }
                latest[key] = (event, (childID, sourceKey), index)
            }
        }
        let history = IdentityHistory(notices)
        counts.merges = history.merges
        counts.splits = history.splits
        var byChild: [String: [EarlyYearsEvent]] = [:]
        for kept in latest.values.sorted(by: { $0.index < $1.index }) {
            guard kept.event.action != .delete else { counts.deletedSourceRecords += 1; continue }
            counts.sourceRecords += 1
            counts.sourceRecordsByOrgType[kept.event.source.orgType.rawValue, default: 0] += 1
            byChild[history.owner(of: kept.owner.0, sourceKey: kept.owner.1), default: []].append(kept.event)
        }
        counts.children = byChild.count
        let facts = byChild.keys.sorted().compactMap { child(byChild[$0]!) }
        counts.childrenInPeriod = facts.count
        return (facts, counts)
    }

    /// One child's facts, or `nil` if nothing of theirs falls in the period.
    func child(_ events: [EarlyYearsEvent]) -> ChildFacts? {
        var flags: [ConcernPayload.Domain: Set<String>] = [:]
        var reviews: [DevelopmentalReviewPayload.Area: (on: String, band: ChildFacts.ReviewBand)] = [:]
        var inPeriod = false
        for event in events {
            let service = "\(event.source.orgType.rawValue):\(event.source.orgCode)"
            if period.contains(event.occurredAt) { inPeriod = true }
            switch event.payload {
            case .concern(let concern) where isOpenInPeriod(concern):
                flags[concern.domain, default: []].insert(service)
                inPeriod = true
            case .developmentalReview(let review) where period.contains(review.completedOn):
                for area in review.areas {
                    if area.band == .belowCutoff { flags[ConcernDomainMapping.domain(of: area.area), default: []].insert(service) }
                    if let kept = reviews[area.area], kept.on > review.completedOn { continue }
                    reviews[area.area] = (review.completedOn, ChildFacts.ReviewBand(area.band))
                }
                inPeriod = true
            case .progressCheckTwo(let check) where period.contains(check.completedOn):
                for area in check.primeAreas where !area.onTrack {
                    flags[ConcernDomainMapping.domain(of: area.area), default: []].insert(service)
                }
                inPeriod = true
            default: break
            }
        }
        guard inPeriod else { return nil }
        let birthDate = Self.mostFrequent(events.compactMap(\.subject.birthDate))
        return ChildFacts(localAuthority: localAuthority(events), ageBand: .init(birthDate: birthDate, at: period.end),
                          servicesFlagging: flags, reviewBands: reviews.mapValues(\.band))
    }

    func isOpenInPeriod(_ concern: ConcernPayload) -> Bool {
        guard String(concern.raisedOn.prefix(10)) <= period.end else { return false }
        if let closed = concern.closedOn { return String(closed.prefix(10)) >= period.start }
        return concern.status == .open || period.contains(concern.raisedOn)
    }

    func localAuthority(_ events: [EarlyYearsEvent]) -> String {
        Self.mostFrequent(events.filter { $0.source.orgType == .localAuthority }.map(\.source.orgCode))
            ?? Self.mostFrequent(events.compactMap { $0.subject.laChildID?.laCode })
            ?? Self.mostFrequent(events.compactMap { laByOrgCode[$0.source.orgCode] })
            ?? "unknown"
    }

    static func mostFrequent(_ values: [String]) -> String? {
        Dictionary(values.map { ($0, 1) }, uniquingKeysWith: +).min { ($1.value, $0.key) < ($0.value, $1.key) }?.key
    }
}
