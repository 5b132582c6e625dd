import Crypto

/// The Kafka key of a canonical event on `eyh.events.v1`: a pseudonymous name for "this child as
/// one source system knows them".
///
/// It is the lower-case hex SHA-256 of a versioned label, the source system, the source
/// organisation and the first identifier the event has, in this order of preference:
/// `subject.local_ids[0]` (system and value), `subject.la_child_id` (LA code and value),
/// `subject.nhs_number`, `subject.upn`, and otherwise `source.record_id`. Parts are separated by
/// the ASCII unit separator, so no two different inputs share a preimage.
///
/// Every event a source sends about one child therefore lands in one partition, in order, while no
/// identifier appears in a key. The digest is unsalted: it keeps identifiers out of keys, logs and
/// partition tools, but anyone who holds a candidate identifier can recompute it, so keys stay as
/// confidential as the events they key. The resolver maps keys to hub child ids.
public enum SourceSubjectKey {
    /// Bumped if the definition above ever changes, so old and new keys cannot be confused.
    static let label = "eyh.source-subject-key.v1"

    public static func derive(for event: EarlyYearsEvent) -> String {
        derive(source: event.source, subject: event.subject)
    }

    public static func derive(source: Source, subject: Subject) -> String {
        let identifier: [String] =
            if let local = subject.localIDs?.first { ["local_id", local.system, local.value] }
            else if let la = subject.laChildID { ["la_child_id", la.laCode, la.value] }
            else if let nhs = subject.nhsNumber { ["nhs_number", nhs.value.value] }
            else if let upn = subject.upn { ["upn", upn.value.value] }
            else { ["record_id", source.recordID] }
        let preimage = ([label, source.system, source.orgCode] + identifier).joined(separator: "\u{1F}")
        return SHA256.hash(data: Array(preimage.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
