import Audit
import Foundation
import Testing

@Suite struct AuditEntryTests {
    static let entry = AuditEntry(
        entryID: "au_0123456789abcdef0123456789abcdef", kind: .correction, at: "2026-05-02T10:00:00Z",
        recipient: "sunny-days-nursery", recipientName: "Sunny Days Nursery", recipientOrganisation: "EY123456",
        topic: "eyh.share.sunny-days-nursery.v1", agreementID: "dsa-leeds-hv-settings", agreementVersion: "1.2", purpose: "TREAT",
        purposeDescription: "Joined-up support for children's development", article6: "6_1_e",
        article9: "9_2_h", dpaSchedule1Paragraph: 2, decisionID: "dc_1", childKey: "ch_00112233445566778899aabbccddeeff",
        recordKey: "rk_1", eventID: String(repeating: "a", count: 64), eventType: "progress_check_two",
        fields: ["event_type", "payload.areas"], payloadSHA256: String(repeating: "b", count: 64))

    @Test func leafBytesAreSortedSnakeCaseJSONAndReadBack() throws {
        let bytes = try Self.entry.leafBytes()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix(#"{"agreement_id":"dsa-leeds-hv-settings","agreement_version":"1.2","article_6":"6_1_e""#))
        #expect(text.contains(#""kind":"correction""#))
        #expect(!text.contains("override_reason"))
        #expect(try AuditEntry(leafBytes: bytes) == Self.entry)
    }

    @Test("leaf bytes are exactly what JSONEncoder writes, with and without the optional members, and with text that needs escaping")
    func leafBytesAreJSONEncoders() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var entries = [Self.entry]
        var full = Self.entry
        full.overrideReason = "Section 47 \"enquiry\" / strategy meeting\nline two é 👶 \u{1}"
        full.recipientName = "Tots & Co <Nursery> / Leeds"
        full.fields = []
        entries.append(full)
        var bare = Self.entry
        bare.article9 = nil
        bare.dpaSchedule1Paragraph = nil
        entries.append(bare)
        for entry in entries {
            #expect(try entry.leafBytes() == Array(try encoder.encode(entry)))
            #expect(try AuditEntry(leafBytes: try entry.leafBytes()) == entry)
        }
    }
}
