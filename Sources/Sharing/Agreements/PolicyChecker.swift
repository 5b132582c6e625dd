import EarlyYearsSchema
import HubRuntime

/// The rules an agreement, and a set of agreements together, must keep before the router uses
/// them. Each problem comes with its file, line and reason; `eyhub policy check` prints them all.
public struct PolicyChecker: Sendable {
    public let catalog: SchemaCatalog
    /// `yyyy-MM-dd`: agreements that ended before today are refused.
    public let today: String

    public init(catalog: SchemaCatalog, today: String) {
        self.catalog = catalog
        self.today = today
    }

    /// Event types whose payload is health or social care data, special category under UK GDPR
    /// Art 9: sharing any of their payload needs an Art 9 condition.
    public static let specialCategoryTypes: Set<EventType> = [
        .contact, .developmentalReview, .progressCheckTwo, .concern, .referral, .earlyHelpEpisode, .cinReferral, .assessment,
        .childProtectionPlan, .lookedAfter, .ehcp, .safeguardingFlag,
    ]

    /// Art 9 conditions that need a DPA 2018 Schedule 1 paragraph.
    static let needsParagraph: Set<LawfulBasis.Article9> = [.substantialPublicInterest, .healthOrSocialCare, .publicHealth, .employmentAndSocialProtection]

    public func check(_ agreements: [Agreement]) -> [PolicyError] {
        var errors = agreements.flatMap(check)
        errors += contradictions(agreements)
        var seen: [String: Agreement] = [:]
        for agreement in agreements {
            if let first = seen[agreement.id] {
                errors.append(error(agreement, "id", "agreement id \(agreement.id) is also used by \(first.file)"))
            }
            seen[agreement.id] = agreement
        }
        return errors.sorted { ($0.file, $0.line ?? 0, $0.field) < ($1.file, $1.line ?? 0, $1.field) }
    }

    func error(_ agreement: Agreement, _ key: String, _ reason: String) -> PolicyError {
        PolicyError(file: agreement.file, line: agreement.keyLines[key] ?? agreement.line, field: key, reason: reason)
    }

    public func check(_ agreement: Agreement) -> [PolicyError] {
        var errors: [PolicyError] = []
        if agreement.validUntil < today {
            errors.append(error(agreement, "valid_until", "the agreement ended on \(agreement.validUntil); renew it or remove it"))
        }
        if agreement.validFrom > agreement.validUntil {
            errors.append(error(agreement, "valid_from", "the agreement starts after it ends"))
        }
        if agreement.reviewDate > agreement.validUntil {
            errors.append(error(agreement, "review_date", "the review date is after the agreement ends"))
        }
        if let article9 = agreement.lawfulBasis.article9, Self.needsParagraph.contains(article9), agreement.lawfulBasis.dpaSchedule1Paragraph == nil {
            errors.append(error(agreement, "lawful_basis", "Art 9 condition \(article9.rawValue) needs the DPA 2018 Schedule 1 paragraph it relies on"))
        }
        if agreement.purpose.safeguarding, agreement.lawfulBasis.article9 != nil,
           agreement.lawfulBasis.article9 != .substantialPublicInterest || agreement.lawfulBasis.dpaSchedule1Paragraph != 18 {
            errors.append(error(agreement, "purpose", "a safeguarding purpose shares special category data under Art 9(2)(g) and DPA 2018 Sch 1 para 18 (safeguarding of children)"))
        }
        var ids: Set<String> = []
        for recipient in agreement.recipients {
            let at = PolicyError(file: agreement.file, line: recipient.line, field: "recipients.\(recipient.id)", reason: "")
            func fail(_ reason: String) { errors.append(PolicyError(file: at.file, line: at.line, field: at.field, reason: reason)) }
            if !ids.insert(recipient.id).inserted { fail("recipient \(recipient.id) is named twice") }
            switch recipient.topic {
            case nil: fail("the recipient has no topic; it must be \(HubTopics.share(recipient: recipient.id))")
            case let topic? where topic != HubTopics.share(recipient: recipient.id):
                fail("the recipient's topic must be \(HubTopics.share(recipient: recipient.id)), not \(topic)")
            default: break
            }
            if recipient.relationships.contains(where: { $0 == .area || $0 == .resident }), recipient.area.isEmpty {
                fail("an area or resident relationship needs the recipient's area (postcode districts or sectors)")
            }
            if recipient.relationships.contains(.referred), recipient.referralService == nil {
                fail("a referred relationship needs the referral_service a referral must be to")
            }
        }
        var sharesByRecipientAndType: [String: Agreement.Share] = [:]
        for share in agreement.shares {
            for name in share.recipients where !ids.contains(name) {
                errors.append(PolicyError(file: agreement.file, line: share.line, field: "shares.recipients",
                                          reason: "\(name) is not a recipient of this agreement"))
            }
            for path in share.fields {
                let line = share.fieldLines[path] ?? share.line
                guard catalog.field(path, in: share.eventType) != nil else {
                    errors.append(PolicyError(file: agreement.file, line: line, field: "shares.\(share.eventType.rawValue).fields",
                                              reason: "\(path) is not a field of \(share.eventType.rawValue) events in schema \(EarlyYearsEvent.schemaVersion)"))
                    continue
                }
                if Self.specialCategoryTypes.contains(share.eventType), path == "payload" || path.hasPrefix("payload."),
                   agreement.lawfulBasis.article9 == nil {
                    errors.append(PolicyError(file: agreement.file, line: line, field: "shares.\(share.eventType.rawValue).fields",
                                              reason: "\(path) is special category data (health or social care) and the agreement states no Art 9 condition"))
                }
            }
            for name in share.recipients.isEmpty ? Array(ids) : share.recipients {
                let key = "\(name)\u{1F}\(share.eventType.rawValue)"
                if let earlier = sharesByRecipientAndType[key], Set(earlier.fields) != Set(share.fields) {
                    errors.append(PolicyError(file: agreement.file, line: share.line, field: "shares.\(share.eventType.rawValue)",
                                              reason: "\(name) is given \(share.eventType.rawValue) events twice with different fields (also line \(earlier.line))"))
                }
                sharesByRecipientAndType[key] = share
            }
        }
        return errors
    }

    /// Agreements in force at the same time that say different things about the same recipient:
    /// different fields of the same event type, or a different organisation, topic or relationships.
    func contradictions(_ agreements: [Agreement]) -> [PolicyError] {
        var errors: [PolicyError] = []
        for (index, first) in agreements.enumerated() {
            for second in agreements[(index + 1)...] where first.id != second.id
                && first.validFrom <= second.validUntil && second.validFrom <= first.validUntil {
                for recipient in second.recipients {
                    guard let other = first.recipients.first(where: { $0.id == recipient.id }) else { continue }
                    let at = "recipients.\(recipient.id)"
                    if other.organisation != recipient.organisation || other.topic != recipient.topic
                        || Set(other.relationships) != Set(recipient.relationships) || Set(other.area) != Set(recipient.area) {
                        errors.append(PolicyError(file: second.file, line: recipient.line, field: at,
                                                  reason: "contradicts \(first.id) (\(first.file)): the same recipient with a different organisation, topic, relationships or area"))
                    }
                    for type in EventType.allCases {
                        let mine = Set(second.shares(for: recipient.id, of: type).flatMap(\.fields))
                        let theirs = Set(first.shares(for: recipient.id, of: type).flatMap(\.fields))
                        guard !mine.isEmpty, !theirs.isEmpty, mine != theirs else { continue }
                        let line = second.shares(for: recipient.id, of: type).first?.line ?? recipient.line
                        errors.append(PolicyError(file: second.file, line: line, field: "shares.\(type.rawValue)",
                                                  reason: "contradicts \(first.id) (\(first.file)): both give \(recipient.id) \(type.rawValue) events in the same period, with different fields"))
                    }
                }
            }
        }
        return errors
    }
}
