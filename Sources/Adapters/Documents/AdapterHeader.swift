/// Header names an adapter adds to what it produces. None of them ever holds personal data:
/// they name the adapter, the mapping, the event and where the input came from.
///
/// Dead letters also carry ``HubRuntime/DeadLetterHeader``'s `eyh.error.*` headers, and those
/// from a raw topic its `eyh.origin.topic`, `eyh.origin.partition` and `eyh.origin.offset`.
public enum AdapterHeader {
    /// The canonical event's type, such as `enrolment`.
    public static let eventType = "eyh.event_type"
    /// The canonical event's deterministic id.
    public static let eventID = "eyh.event_id"
    /// The adapter's name.
    public static let adapter = "eyh.adapter"
    public static let mappingID = "eyh.mapping.id"
    public static let mappingVersion = "eyh.mapping.version"
    /// Where the input came from: a file name and line, a webhook request id, or a topic, partition
    /// and offset.
    public static let origin = "eyh.origin"
    /// On a dead letter, what its value holds: `record` (the failed record alone, as a document
    /// of its own in the source's bytes: a CSV file's header row and that row; a JSON or XML
    /// document without its other records) or `input` (the whole input).
    public static let deadLetterValue = "eyh.dead_letter.value"
}
