import Crypto
import EarlyYearsSchema
import Foundation

/// What the correlator keeps about one child: the flags and endings of each source record, and its
/// alert. Only coded facts are kept, and the subject of records that flag, for the alert's details.
public struct ChildAlertState: Sendable, Hashable, Codable {
    public struct Record: Sendable, Hashable, Codable {
        public var recordedAt: String
        public var sourceKey: String?
        public var flags: [Flag]
        public var endings: [Ending]
        public var subject: Subject?
        public var retainUntil: String?

        enum CodingKeys: String, CodingKey {
            case flags, endings, subject
            case recordedAt = "recorded_at"
            case sourceKey = "source_key"
            case retainUntil = "retain_until"
        }
    }

    /// Source record key (`org/system/record_id`) → what it flags.
    public var records: [String: Record] = [:]
    /// The latest record of the child's latest alert, open or closed.
    public var alert: MultiServiceAlertPayload?
    /// How many alerts this child has had (alert ids are derived from it).
    public var alertCount = 0
    /// The flags behind an alert a person resolved: they raise no new alert on their own.
    public var resolvedEvidence: [String] = []

    public init() {}

    enum CodingKeys: String, CodingKey {
        case records, alert
        case alertCount = "alert_count"
        case resolvedEvidence = "resolved_evidence"
    }

    public var isEmpty: Bool { records.isEmpty && alert == nil }
    public var openAlert: MultiServiceAlertPayload? { alert.flatMap { $0.state.isOpen ? $0 : nil } }
}

/// A person's action on an alert, written to `eyh.alert-actions.v1` by `eyhub alerts` and the dashboard.
public struct AlertAction: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case acknowledge, resolve }

    public var actionID: String
    public var kind: Kind
    public var alertID: String
    public var childID: String
    public var by: String
    public var note: String
    public var at: String

    public init(kind: Kind, alertID: String, childID: String, by: String, note: String, at: String) {
        self.kind = kind
        self.alertID = alertID
        self.childID = childID
        self.by = by
        self.note = note
        self.at = at
        self.actionID = "ac_" + String(EventID.hex(SHA256.hash(data: Array("\(kind.rawValue)|\(alertID)|\(by)|\(at)".utf8))).prefix(32))
    }

    enum CodingKeys: String, CodingKey {
        case kind, by, note, at
        case actionID = "action_id"
        case alertID = "alert_id"
        case childID = "child_id"
    }
}

/// The pure correlator: flags in, alert lifecycle records out. No I/O; ``CorrelatorStage`` runs it on Kafka.
public struct Correlator: Sendable {
    public let rules: ConcernRules
    public static let actor = "eyhub correlator"

    public init(rules: ConcernRules) { self.rules = rules }

    /// Why an alert's flags went away, for a withdrawal.
    public enum Retraction: Sendable {
        case correction
        case identitySplit
        case identityMerge(into: String)

        var note: String {
            switch self {
            case .correction: "the flags were retracted by a correction or deletion of the source records"
            case .identitySplit: "the records were found to be about different children (identity split)"
            case .identityMerge(let into): "the child's records were merged into \(into), whose alert carries them on"
            }
        }
    }

    // MARK: Events

    /// Applies a service's event to the child's state; returns the alert records it causes (none,
    /// or one). A record older than the one held for the same source record changes nothing.
    public func apply(_ event: EarlyYearsEvent, tree: EventTree, childID: String, sourceKey: String?, state: inout ChildAlertState,
                      at: String) -> [MultiServiceAlertPayload] {
        guard event.eventType != .multiServiceAlert else { return [] }
        let key = "\(event.source.orgCode)/\(event.source.system)/\(event.source.recordID)"
        if let held = state.records[key], Self.isBefore(event.recordedAt, held.recordedAt) { return [] }
        if event.action == .delete {
            state.records[key] = nil
        } else {
            var (flags, endings) = rules.assess(event, tree: tree, record: key)
            // A new version that ends its own earlier flags (the concern closed, the episode
            // closed) keeps them, ended: the alert resolves rather than being withdrawn.
            for old in state.records[key]?.flags ?? [] where !flags.contains(where: { $0.rule == old.rule && $0.same == old.same }) {
                if endings.contains(where: { old.isEnded(by: $0) }) { flags.append(old) }
            }
            if flags.isEmpty && endings.isEmpty {
                state.records[key] = nil
            } else {
                state.records[key] = .init(recordedAt: event.recordedAt, sourceKey: sourceKey, flags: flags, endings: endings,
                                           subject: flags.isEmpty ? nil : event.subject, retainUntil: event.retainUntil)
            }
        }
        return reassess(childID: childID, state: &state, at: at, retraction: .correction).map { [$0] } ?? []
    }

    /// Applies a person's acknowledgement or resolution.
    public func act(_ action: AlertAction, state: inout ChildAlertState) throws(ActionRefused) -> MultiServiceAlertPayload {
        guard var alert = state.openAlert, alert.alertID == action.alertID else {
            throw ActionRefused(reason: state.alert?.alertID == action.alertID ? "the alert is no longer open" : "the child has no such open alert")
        }
        guard !action.by.trimmingCharacters(in: .whitespaces).isEmpty, !action.note.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ActionRefused(reason: "an acknowledgement or resolution records who made it and why")
        }
        alert.sequence += 1
        alert.changedBy = action.by
        alert.changeNote = action.note
        switch action.kind {
        case .acknowledge:
            alert.state = .acknowledged
        case .resolve:
            alert.state = .resolved
            state.resolvedEvidence = assessment(state, includingEnded: false).flags.map(Self.evidenceKey).sorted()
        }
        state.alert = alert
        return alert
    }

    public struct ActionRefused: Error, Sendable { public var reason: String }

    // MARK: Identity

    /// Moves the merged child's records into the surviving child. The merged child's open alert is
    /// withdrawn (the surviving child's alert carries its flags on); the surviving child is reassessed.
    public func merge(from: inout ChildAlertState, fromID: String, into: inout ChildAlertState, intoID: String, at: String)
        -> (from: MultiServiceAlertPayload?, into: MultiServiceAlertPayload?) {
        for (key, record) in from.records { into.records[key] = record }
        from.records = [:]
        let withdrawn = reassess(childID: fromID, state: &from, at: at, retraction: .identityMerge(into: intoID))
        into.alertCount = max(into.alertCount, from.alertCount)
        return (withdrawn, reassess(childID: intoID, state: &into, at: at, retraction: .correction))
    }

    /// Moves the records of one source key to a new child; both are reassessed.
    public func split(from: inout ChildAlertState, fromID: String, into: inout ChildAlertState, intoID: String, sourceKey: String, at: String)
        -> [MultiServiceAlertPayload] {
        for (key, record) in from.records where record.sourceKey == sourceKey {
            into.records[key] = record
            from.records[key] = nil
        }
        return [reassess(childID: fromID, state: &from, at: at, retraction: .identitySplit),
                reassess(childID: intoID, state: &into, at: at, retraction: .identitySplit)].compactMap { $0 }
    }

    // MARK: Assessment

    /// The flags that make the child's strongest case for an alert within the window.
    struct Assessment {
        var flags: [Flag]
        var services: [ServiceRef]
        var serviceCount: Int
    }

    func assessment(_ state: ChildAlertState, includingEnded: Bool) -> Assessment {
        let endings = state.records.values.flatMap(\.endings)
        let flags = state.records.values.flatMap(\.flags).filter { flag in
            includingEnded || !endings.contains { flag.isEnded(by: $0) }
        }
        var best = Assessment(flags: [], services: [], serviceCount: 0)
        var bestEnd = ""
        for end in Set(flags.map(\.date)) {
            let start = Self.day(end, minusMonths: rules.correlation.windowMonths)
            let inWindow = flags.filter { $0.date >= start && $0.date <= end }
            let services = Array(Set(inWindow.map(\.service.orgCode))).sorted()
            var count = services.count
            if rules.correlation.distinctServiceTypes { count = min(count, Set(inWindow.map(\.service.orgType)).count) }
            if count > best.serviceCount || (count == best.serviceCount && end > bestEnd) {
                let first = Dictionary(grouping: inWindow, by: \.service.orgCode).mapValues { $0.map(\.date).min() ?? "" }
                let refs = services.sorted { (first[$0] ?? "", $0) < (first[$1] ?? "", $1) }
                    .compactMap { code in inWindow.first { $0.service.orgCode == code }?.service }
                best = Assessment(flags: inWindow.sorted { ($0.date, $0.service.orgCode, $0.rule, $0.domain.rawValue) < ($1.date, $1.service.orgCode, $1.rule, $1.domain.rawValue) },
                                  services: refs, serviceCount: count)
                bestEnd = end
            }
        }
        return best
    }

    /// Compares the child's state with its alert and returns the alert record to write, if any.
    func reassess(childID: String, state: inout ChildAlertState, at: String, retraction: Retraction) -> MultiServiceAlertPayload? {
        let minimum = rules.correlation.minimumServices
        let current = assessment(state, includingEnded: false)
        let holds = current.serviceCount >= minimum
        if var open = state.openAlert {
            guard holds else {
                open.sequence += 1
                if assessment(state, includingEnded: true).serviceCount >= minimum {
                    open.state = .resolved
                    open.changedBy = Self.actor
                    open.changeNote = "fewer than \(minimum) services still flag a concern: the others' flags have ended"
                } else {
                    open.state = .withdrawn
                    open.changedBy = Self.actor
                    open.changeNote = retraction.note
                }
                state.alert = open
                return open
            }
            var next = payload(for: current, alertID: open.alertID, sequence: open.sequence + 1, raisedOn: open.raisedOn)
            guard Self.evidenceKeys(next) != Self.evidenceKeys(open) || next.severity != open.severity else { return nil }
            let grew = !Set(next.services.map(\.orgCode)).isSubset(of: open.services.map(\.orgCode))
                || !Set(next.domains).isSubset(of: open.domains)
            next.state = grew ? .escalated : open.state
            if !grew { (next.changedBy, next.changeNote) = (open.changedBy, open.changeNote) }
            state.alert = next
            return next
        }
        guard holds else { return nil }
        let evidence = Set(current.flags.map(Self.evidenceKey))
        if !state.resolvedEvidence.isEmpty, evidence.isSubset(of: state.resolvedEvidence) { return nil }
        state.alertCount += 1
        state.resolvedEvidence = []
        let id = "al_" + String(EventID.hex(SHA256.hash(data: Array("eyh.alert-id.v1|\(childID)|\(state.alertCount)".utf8))).prefix(32))
        let raised = payload(for: current, alertID: id, sequence: 1, raisedOn: current.flags.map(\.date).max() ?? String(at.prefix(10)))
        state.alert = raised
        return raised
    }

    func payload(for assessment: Assessment, alertID: String, sequence: Int, raisedOn: String) -> MultiServiceAlertPayload {
        let correlation = rules.correlation
        let byService = Dictionary(grouping: assessment.flags, by: \.service.orgCode)
        let services = assessment.services.map { service in
            MultiServiceAlertPayload.Service(orgType: service.orgType, orgCode: service.orgCode, orgName: service.orgName, flags: (byService[service.orgCode] ?? []).map {
                .init(rule: $0.rule, domain: $0.domain, severity: $0.severity, flaggedOn: $0.date, description: $0.description, evidenceEventID: $0.eventID)
            })
        }
        let domainsByService = byService.mapValues { Set($0.map(\.domain)) }
        let domains = Set(assessment.flags.map(\.domain)).sorted { $0.rawValue < $1.rawValue }
        let shared = domains.filter { domain in domainsByService.values.filter { $0.contains(domain) }.count >= 2 }
        let base: MultiServiceAlertPayload.Severity = switch assessment.flags.map(\.severity).max(by: { Self.rank($0) < Self.rank($1) }) ?? .low {
        case .low: .low
        case .medium: .medium
        case .high: .high
        }
        var steps = 0
        if correlation.sameDomainRaisesSeverity, !shared.isEmpty { steps += 1 }
        if correlation.extraServiceRaisesSeverity, assessment.serviceCount > correlation.minimumServices { steps += 1 }
        let lead = shared.first ?? domains.first
        return MultiServiceAlertPayload(
            alertID: alertID, state: .raised, sequence: sequence, severity: base.raised(by: steps), ruleID: rules.id, ruleVersion: rules.version,
            raisedOn: raisedOn, services: services, domains: domains, sharedDomains: shared,
            explanation: Self.explanation(services: services, shared: shared),
            nextStep: lead.flatMap { correlation.nextSteps[$0] } ?? correlation.defaultNextStep)
    }

    static func rank(_ severity: ConcernPayload.Severity) -> Int { ConcernPayload.Severity.allCases.firstIndex(of: severity)! }

    /// A flag's identity across versions of its record: which record, rule, domain and date.
    static func evidenceKey(_ flag: Flag) -> String { "\(flag.record)#\(flag.rule)#\(flag.same ?? "")#\(flag.domain.rawValue)#\(flag.date)" }

    static func evidenceKeys(_ alert: MultiServiceAlertPayload) -> [String] {
        alert.services.flatMap { $0.flags.map { "\($0.evidenceEventID)#\($0.rule)#\($0.domain.rawValue)" } }.sorted()
    }

    // MARK: Words

    /// "Communication concern from Leeds Health Visiting (ASQ-3 communication below cut-off, 2 May 2026) and Sunny Days Nursery (…)".
    static func explanation(services: [MultiServiceAlertPayload.Service], shared: [ConcernPayload.Domain]) -> String {
        let head = shared.isEmpty ? "Concerns" : "\(domainWords(shared).prefix(1).uppercased())\(domainWords(shared).dropFirst()) concern"
        let parts = services.map { service in
            let flags = service.flags.map { "\($0.description), \(longDate($0.flaggedOn))" }.joined(separator: "; ")
            return "\(service.orgName ?? service.orgCode) (\(flags))"
        }
        let joined = parts.count <= 1 ? parts.joined() : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
        return "\(head) from \(joined)"
    }

    static func domainWords(_ domains: [ConcernPayload.Domain]) -> String {
        domains.map { domain -> String in
            switch domain {
            case .speechLanguageCommunication: "communication"
            case .physical: "physical development"
            case .socialEmotional: "social and emotional"
            case .cognitive: "learning"
            case .safeguarding: "safeguarding"
            case .health: "health"
            case .homeEnvironment: "home environment"
            case .other: "other"
            }
        }.joined(separator: " and ")
    }

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    /// `2026-05-02` → `2 May 2026`.
    static func longDate(_ date: String) -> String {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]) else { return date }
        return "\(parts[2]) \(months[parts[1] - 1]) \(parts[0])"
    }

    /// The date `months` months before `date` (`yyyy-MM-dd`), the day clamped to the month's length.
    static func day(_ date: String, minusMonths months: Int) -> String {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return date }
        let total = parts[0] * 12 + (parts[1] - 1) - months
        let year = total / 12, month = total % 12 + 1
        let lengths = [31, (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        let dayOfMonth = min(parts[2], lengths[month - 1])
        return String(format: "%04d-%02d-%02d", year, month, dayOfMonth)
    }

    /// Whether RFC 3339 time `a` is before `b` (by instant when both parse, otherwise as text).
    static func isBefore(_ a: String, _ b: String) -> Bool {
        let strategy = Date.ISO8601FormatStyle(includingFractionalSeconds: false)
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        func parse(_ text: String) -> Date? { (try? strategy.parse(text)) ?? (try? fractional.parse(text)) }
        if let first = parse(a), let second = parse(b) { return first < second }
        return a < b
    }
}
