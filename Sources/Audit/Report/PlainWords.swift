import Foundation

/// The words a parent reads for the codes in the disclosure log.
public enum PlainWords {
    public static func eventType(_ code: String) -> String {
        switch code {
        case "contact": "a record of a contact or visit"
        case "developmental_review": "a developmental review (Ages and Stages Questionnaire scores)"
        case "progress_check_two": "the progress check at age two"
        case "eyfs_profile": "the Early Years Foundation Stage Profile (end of reception)"
        case "enrolment": "a nursery or childminder place"
        case "attendance_summary": "a summary of attendance"
        case "concern": "a concern raised by a practitioner"
        case "referral": "a referral to another service"
        case "early_help_episode": "early help support from the council"
        case "cin_referral": "a referral to children's social care"
        case "assessment": "an assessment"
        case "child_protection_plan": "a child protection plan"
        case "looked_after": "a period of being looked after by the council"
        case "ehcp": "an education, health and care plan (SEND)"
        case "safeguarding_flag": "a safeguarding alert"
        case "demographics_update": "a change to personal details (such as name or address)"
        case "multi_service_alert": "a note that two or more services had the same worry, so that they could offer joined-up help"
        default: "a record (\(words(code)))"
        }
    }

    static let fieldNames: [String: String] = [
        "event_type": "what kind of record it is",
        "action": "whether the record is new, changed or deleted",
        "occurred_at": "when it happened",
        "recorded_at": "when it was recorded",
        "source.org_name": "the service that recorded it",
        "source.org_type": "the kind of service that recorded it",
        "subject.nhs_number": "NHS number",
        "subject.upn": "unique pupil number",
        "subject.la_child_id": "the council's reference for your child",
        "subject.given_names": "first names",
        "subject.family_name": "family name",
        "subject.birth_date": "date of birth",
        "subject.sex": "sex",
        "subject.postcode": "postcode",
        "subject.address": "address",
        "payload.areas": "scores in each area",
        "payload.interval_months": "the questionnaire's age (in months)",
        "payload.completed_on": "the date it was completed",
        "payload.prime_areas": "progress in the prime areas of learning",
        "payload.areas_of_concern": "areas of concern",
        "payload.summary": "the practitioner's summary",
        "payload.domain": "the area of the concern",
        "payload.severity": "how serious the concern is",
        "payload.status": "whether it is still open",
        "payload.raised_on": "the date it was raised",
        "payload.closed_on": "the date it was closed",
        "payload.to_service": "the service referred to",
        "payload.referred_on": "the date of the referral",
        "payload.outcome": "the outcome",
    ]

    /// A dotted field path in plain words: a known name, or the path's last part spelled out.
    public static func field(_ path: String) -> String {
        let path = path.replacingOccurrences(of: "[]", with: "")
        if let known = fieldNames[path] { return known }
        let prefixes = fieldNames.keys.filter { path.hasPrefix($0 + ".") }.sorted { $0.count > $1.count }
        if let prefix = prefixes.first { return fieldNames[prefix]! }
        return words(String(path.split(separator: ".").last ?? Substring(path)))
    }

    public static func article6(_ code: String) -> String {
        switch code {
        case "6_1_a": "UK GDPR Article 6(1)(a): you gave consent"
        case "6_1_b": "UK GDPR Article 6(1)(b): a contract"
        case "6_1_c": "UK GDPR Article 6(1)(c): the service has a legal duty to do it"
        case "6_1_d": "UK GDPR Article 6(1)(d): to protect someone's life"
        case "6_1_e": "UK GDPR Article 6(1)(e): the service's public task (a job the law gives it)"
        case "6_1_f": "UK GDPR Article 6(1)(f): legitimate interests"
        default: "UK GDPR Article 6 (\(words(code)))"
        }
    }

    public static func article9(_ code: String) -> String {
        switch code {
        case "9_2_a": "Article 9(2)(a): you gave explicit consent"
        case "9_2_b": "Article 9(2)(b): social protection law"
        case "9_2_c": "Article 9(2)(c): to protect someone's life"
        case "9_2_g": "Article 9(2)(g): substantial public interest"
        case "9_2_h": "Article 9(2)(h): providing health or social care"
        case "9_2_i": "Article 9(2)(i): public health"
        default: "Article 9 (\(words(code)))"
        }
    }

    public static func schedule1(_ paragraph: Int) -> String {
        switch paragraph {
        case 2: "Data Protection Act 2018, Schedule 1, paragraph 2: health or social care purposes"
        case 18: "Data Protection Act 2018, Schedule 1, paragraph 18: safeguarding of children"
        default: "Data Protection Act 2018, Schedule 1, paragraph \(paragraph)"
        }
    }

    public static func kind(_ kind: AuditEntry.Kind) -> String {
        switch kind {
        case .disclosure: "Shared"
        case .correction: "Correction sent: this replaced something shared earlier that had changed"
        case .retraction: "Asked to delete: the record was deleted where it came from, so the service was told to delete its copy"
        case .retentionDeletion: "Asked to delete: the record reached the end of the time it may be kept, so the service was told to delete its copy"
        }
    }

    static func words(_ code: String) -> String {
        code.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: ".", with: " ")
    }
}
