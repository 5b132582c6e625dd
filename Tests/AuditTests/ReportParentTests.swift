import Audit
import Foundation
import Identity
import Testing

@Suite struct ReportParentTests {
    static let childKey = "ch_00112233445566778899aabbccddeeff"

    static func entry(_ kind: AuditEntry.Kind, at: String, recipient: String, eventType: String, fields: [String], article9: String? = "9_2_h",
                      paragraph: Int? = 2, override: String? = nil, number: Int) -> AuditEntry {
        AuditEntry(
            entryID: "au_\(String(repeating: "\(number)", count: 32))", kind: kind, at: at, recipient: "r-\(number)", recipientName: recipient,
            recipientOrganisation: "EY51234\(number)", topic: "eyh.share.r-\(number).v1", agreementID: "dsa-durham-hv-settings", agreementVersion: "1.2",
            purpose: "COC", purposeDescription: "Joined-up support for children's development", article6: "6_1_e", article9: article9,
            dpaSchedule1Paragraph: paragraph, decisionID: "dc_secret_\(number)", childKey: childKey, recordKey: "rk_secret_\(number)",
            eventID: String(repeating: "e", count: 63) + "\(number)", eventType: eventType, fields: fields,
            payloadSHA256: String(repeating: "f", count: 63) + "\(number)", overrideReason: override)
    }

    static let entries = [
        entry(.retentionDeletion, at: "2026-06-20T08:00:00Z", recipient: "Sunny Days Nursery", eventType: "progress_check_two",
              fields: ["payload.prime_areas"], number: 4),
        entry(.disclosure, at: "2026-05-02T10:15:00Z", recipient: "Sunny Days Nursery", eventType: "developmental_review",
              fields: ["event_type", "payload.areas[].area", "payload.areas[].score", "subject.given_names"], number: 1),
        entry(.correction, at: "2026-05-09T11:00:00Z", recipient: "Speech <script>alert(1)</script> & Language Team", eventType: "developmental_review",
              fields: ["payload.areas[].score"], number: 2),
        entry(.retraction, at: "2026-05-12T12:30:00Z", recipient: "Example Council Early Help", eventType: "concern",
              fields: ["payload.domain", "payload.summary"], article9: "9_2_g", paragraph: 18,
              override: "Risk of significant harm: shared with the social worker despite objection", number: 3),
    ]

    static let report = ParentReport(identifier: .init(kind: "NHS number", value: "943 476 5919"), entries: entries,
                                     producedAt: "2026-07-01T09:00:00Z")

    @Test func everyEntryAppearsInOrderWithItsServiceDateAndKind() {
        for text in [Self.report.text, Self.report.html] {
            let positions = ["2 May 2026 at 10:15 (UTC)", "9 May 2026", "12 May 2026", "20 June 2026"].map { text.range(of: $0)?.lowerBound }
            #expect(positions.allSatisfy { $0 != nil })
            #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
            #expect(text.contains("Sunny Days Nursery") && text.contains("Example Council Early Help"))
            #expect(text.contains("What happened: Shared."))
            #expect(text.contains("Correction sent: this replaced something shared earlier"))
            #expect(text.contains("the record was deleted where it came from"))
            #expect(text.contains("reached the end of the time it may be kept"))
        }
        #expect(Self.report.text.contains("There are 4 item(s): 1 shared, 1 corrections, 1 deletion requests (deleted at source), 1 deletion requests (end of keeping time)."))
    }

    @Test func recordsAndFieldsArePlainWords() {
        let text = Self.report.text
        #expect(text.contains("What it was about: a developmental review (Ages and Stages Questionnaire scores)."))
        #expect(text.contains("What it was about: a concern raised by a practitioner."))
        #expect(text.contains("Information included: what kind of record it is; scores in each area; first names."))
        #expect(text.contains("Information included: the area of the concern; the practitioner's summary."))
        #expect(!text.contains("payload.") && !text.contains("subject.") && !text.contains("progress_check_two"))
    }

    @Test func purposeAndLawfulBasisAreExplained() {
        let text = Self.report.text
        #expect(text.contains("Why: Joined-up support for children's development."))
        #expect(text.contains("UK GDPR Article 6(1)(e): the service's public task"))
        #expect(text.contains("Article 9(2)(h): providing health or social care"))
        #expect(text.contains("Schedule 1, paragraph 18: safeguarding of children"))
    }

    @Test func aSafeguardingOverrideShowsItsReason() {
        #expect(Self.report.text.contains("even though you had objected to sharing. The reason recorded: Risk of significant harm"))
        #expect(Self.report.text.components(separatedBy: "even though you had objected").count == 2, "only the one overridden entry")
    }

    @Test func noRawIdentifierAppearsButTheMaskedOneGiven() {
        for text in [Self.report.text, Self.report.html] {
            #expect(text.contains("*******919"))
            for secret in ["9434765919", "943 476 5919", "ch_", "au_", "dc_secret", "rk_secret", String(repeating: "e", count: 63), "ffffffff", "EY51234", "eyh.share"] {
                #expect(!text.contains(secret), "the report shows \(secret)")
            }
        }
    }

    @Test func theHTMLEscapesWhatServicesAreCalled() {
        let html = Self.report.html
        #expect(!html.contains("<script>"))
        #expect(html.contains("Speech &lt;script&gt;alert(1)&lt;/script&gt; &amp; Language Team"))
        #expect(html.contains("children&#39;s development"))
        #expect(Self.report.text.contains("Speech <script>alert(1)</script> & Language Team"), "the text report is plain text")
    }

    @Test func itSaysWhatToDoIfSomethingIsWrong() {
        #expect(Self.report.text.contains("If something is wrong"))
        #expect(Self.report.text.contains("Information Commissioner's Office"))
        #expect(Self.report.html.contains("<h2>If something is wrong</h2>"))
    }

    @Test func nothingSharedSaysSo() {
        let empty = ParentReport(identifier: .init(kind: "unique pupil number", value: "A950000178301"), entries: [], producedAt: "2026-07-01T09:00:00Z")
        #expect(empty.text.contains("Nothing has been shared about this child."))
        #expect(empty.text.contains("**********301") && !empty.text.contains("A950000178301"))
    }

    @Test func theLookupFollowsMergesToEveryIDTheChildHad() throws {
        func link(_ key: String, child: String, nhs: String?) throws -> CrosswalkRecord {
            let identifiers = nhs.map { #"{"nhs_numbers":[{"number":"\#($0)","birth_date":"2024-03-01"}],"upns":[],"la_child_ids":[]}"# }
                ?? #"{"nhs_numbers":[],"upns":["A950000178301"],"la_child_ids":["201\u001fLA-7"]}"#
            let json = #"{"type":"link","source_key":"\#(key)","child_id":"\#(child)","source":"hv","rule":"nhs_number+birth_date","decided_by":"eyhub resolve","decided_at":"2026-05-01T00:00:00Z","person":{"id":"\#(key)"},"identifiers":\#(identifiers),"separations":[]}"#
            return try CrosswalkRecord(json: Array(json.utf8))
        }
        let records = [
            try link("hv:1", child: "ch_a", nhs: "9434765919"),
            try link("ey:1", child: "ch_b", nhs: nil),
            try link("hv:2", child: "ch_c", nhs: "9912003888"),
            CrosswalkRecord.merge(CrosswalkMerge(from: "ch_b", into: "ch_a", reason: "review accepted", decidedBy: "dpo", decidedAt: "2026-05-25T09:00:00Z")),
        ]
        let crosswalk = CrosswalkState(records)
        #expect(ChildLookup.childKeys(for: .nhsNumber("9434765919"), in: crosswalk) == ["ch_a", "ch_b"])
        #expect(ChildLookup.childKeys(for: .upn("a950000178301"), in: crosswalk) == ["ch_a", "ch_b"])
        #expect(ChildLookup.childKeys(for: .laChildID(laCode: "201", id: "LA-7"), in: crosswalk) == ["ch_a", "ch_b"])
        #expect(ChildLookup.childKeys(for: .nhsNumber("9990500002"), in: crosswalk).isEmpty)
    }
}
