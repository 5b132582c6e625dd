import EarlyYearsSchema
import Foundation
import Testing

@Suite("The field catalog read from the published schema")
struct SchemaCatalogTests {
    static let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("schemas/early-years-event.v1.schema.json")

    let catalog: SchemaCatalog

    init() throws {
        catalog = try SchemaCatalog(contentsOf: Self.schema)
    }

    @Test("envelope fields are there for every event type, with their kinds")
    func envelope() throws {
        for type in EventType.allCases {
            #expect(catalog.field("subject.nhs_number.value", in: type)?.kind == .string(format: nil, allowed: nil))
            #expect(catalog.field("subject.nhs_number.check_digit_valid", in: type)?.kind == .boolean)
            #expect(catalog.field("source.org_code", in: type)?.required == true)
        }
        let birthDate = try #require(catalog.field("subject.birth_date", in: .contact))
        guard case .string(let format, _) = birthDate.kind else { Issue.record("birth_date is a string"); return }
        #expect(format == "date")
        #expect(catalog.field("subject.given_names[]", in: .contact) != nil)
    }

    @Test("payload fields belong to their own event type only")
    func payloads() throws {
        let band = try #require(catalog.field("payload.areas[].band", in: .developmentalReview))
        #expect(band.kind == .string(format: nil, allowed: ["below_cutoff", "monitoring", "above_cutoff"]))
        #expect(catalog.field("payload.areas[].band", in: .enrolment) == nil)
        let score = try #require(catalog.field("payload.areas[].score", in: .developmentalReview))
        #expect(score.kind == .number(minimum: 0, maximum: 400))
        let referralSource = try #require(catalog.field("payload.referral_source", in: .cinReferral))
        guard case .string(_, let allowed?) = referralSource.kind else { Issue.record("a closed code list"); return }
        #expect(allowed.contains("3B") && allowed.contains("5D"))
        #expect(catalog.field("payload.no_such_field", in: .concern) == nil)
    }

    @Test("required leaves: what a mapping must fill for an event type")
    func requiredLeaves() {
        let required = catalog.requiredLeaves(of: .enrolment)
        for path in ["event_id", "action", "source.org_code", "source.system", "provenance.adapter", "payload.start_date", "payload.setting_urn"] {
            #expect(required.contains(path), "\(path)")
        }
        #expect(!required.contains("payload.end_date"), "optional fields are not required")
        #expect(!required.contains("subject.nhs_number.value"), "required only inside an optional object")
    }
}
