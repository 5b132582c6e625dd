import EarlyYearsSchema
import Foundation
@testable import Sharing
import Testing

@Suite("Agreements and policy check")
struct PolicyCheckerTests {
    typealias F = SharingFixtures

    /// A valid agreement; each test breaks one thing in it.
    static func yaml(
        id: String = "dsa-test", article9: String = "\n  article_9: 9_2_h\n  dpa_schedule_1_paragraph: 2", validUntil: String = "2027-12-31",
        topic: String = "\n    topic: eyh.share.setting.v1", field: String = "payload.areas[].band", recipient: String = "setting",
        organisation: String = "EY512345", fields: String = #"["payload.setting_urn", "payload.start_date"]"#
    ) -> String {
        """
        id: \(id)
        version: "1.0"
        title: Test agreement
        parties:
          - { organisation: EY512345, name: Sunny Days Nursery, role: controller }
        purpose:
          code: COC
          description: Joined-up support
        lawful_basis:
          article_6: 6_1_e\(article9)
        valid_from: 2026-01-01
        valid_until: \(validUntil)
        review_date: 2026-12-31
        recipients:
          - id: \(recipient)
            name: Sunny Days
            organisation: \(organisation)
            service_type: early_years_setting\(topic)
            relationships: [on_roll]
            retention: 3 years
        shares:
          - event_type: developmental_review
            fields:
              - payload.instrument
              - \(field)
          - event_type: enrolment
            fields: \(fields)
        """
    }

    static func check(_ texts: [(String, String)], today: String = F.today) throws -> [PolicyError] {
        let agreements = try texts.map { file, text in try AgreementLoader.load(yaml: text, file: file) }
        return PolicyChecker(catalog: F.catalog, today: today).check(agreements)
    }

    @Test("the repository's agreements load and pass")
    func repositoryPolicies() throws {
        let set = try PolicySet.load(directory: F.repository.appendingPathComponent("policies"), catalog: F.catalog, today: F.today)
        #expect(set.errors.isEmpty, "\(set.errors)")
        #expect(set.agreements.count >= 3)
        #expect(set.agreements.contains { $0.purpose.safeguarding })
    }

    @Test("a valid agreement passes; its fields and lines are read")
    func valid() throws {
        #expect(try Self.check([("a.yaml", Self.yaml())]).isEmpty)
        let agreement = try AgreementLoader.load(yaml: Self.yaml(), file: "a.yaml")
        #expect(agreement.shares[0].fields == ["payload.instrument", "payload.areas[].band"])
        #expect(agreement.shares[0].fieldLines["payload.areas[].band"] == 28)
        #expect(agreement.keyLines["valid_until"] == 14)
    }

    @Test("special category fields without an Art 9 condition are refused at the field's line")
    func article9() throws {
        let errors = try Self.check([("a.yaml", Self.yaml(article9: ""))])
        #expect(errors.map(\.line) == [25, 26])
        #expect(errors.allSatisfy { $0.file == "a.yaml" && $0.reason.contains("special category") && $0.reason.contains("Art 9") })
        // An Art 9 condition that needs a Schedule 1 paragraph, without one.
        let paragraph = try Self.check([("b.yaml", Self.yaml(article9: "\n  article_9: 9_2_h"))])
        #expect(paragraph.map(\.field) == ["lawful_basis"])
        #expect(paragraph.first?.reason.contains("Schedule 1") == true)
    }

    @Test("an agreement past its end date is refused at valid_until")
    func ended() throws {
        let errors = try Self.check([("a.yaml", Self.yaml(validUntil: "2026-03-31"))])
        #expect(errors.contains { $0.line == 14 && $0.field == "valid_until" && $0.reason.contains("ended on 2026-03-31") })
    }

    @Test("a field path the schema does not have is refused with its line")
    func unknownField() throws {
        let errors = try Self.check([("a.yaml", Self.yaml(field: "payload.areas[].colour"))])
        #expect(errors.count == 1)
        #expect(errors.first?.line == 28)
        #expect(errors.first?.reason.contains("payload.areas[].colour is not a field of developmental_review") == true)
    }

    @Test("a recipient without a topic, or with another recipient's, is refused at the recipient")
    func topic() throws {
        let missing = try Self.check([("a.yaml", Self.yaml(topic: ""))])
        #expect(missing.count == 1 && missing.first?.line == 17 && missing.first?.reason.contains("has no topic") == true)
        let wrong = try Self.check([("a.yaml", Self.yaml(topic: "\n    topic: eyh.share.other.v1"))])
        #expect(wrong.first?.reason.contains("must be eyh.share.setting.v1") == true)
    }

    @Test("overlapping agreements that contradict each other are refused, and agreeing ones are not")
    func contradictions() throws {
        let agreeing = try Self.check([("a.yaml", Self.yaml()), ("b.yaml", Self.yaml(id: "dsa-other"))])
        #expect(agreeing.isEmpty)
        let fields = try Self.check([("a.yaml", Self.yaml()), ("b.yaml", Self.yaml(id: "dsa-other", fields: #"["payload.setting_urn"]"#))])
        #expect(fields.count == 1)
        #expect(fields.first?.file == "b.yaml" && fields.first?.line == 29 && fields.first?.reason.contains("contradicts dsa-test") == true)
        let organisation = try Self.check([("a.yaml", Self.yaml()), ("b.yaml", Self.yaml(id: "dsa-other", organisation: "EY999999"))])
        #expect(organisation.contains { $0.file == "b.yaml" && $0.line == 17 && $0.reason.contains("different organisation") })
        // Not in force at the same time: no contradiction.
        let apart = try Self.check([("a.yaml", Self.yaml(validUntil: "2026-12-31")),
                                    ("b.yaml", Self.yaml(id: "dsa-other", fields: #"["payload.setting_urn"]"#).replacingOccurrences(of: "valid_from: 2026-01-01", with: "valid_from: 2027-01-01"))])
        #expect(apart.isEmpty, "\(apart)")
        let duplicate = try Self.check([("a.yaml", Self.yaml()), ("b.yaml", Self.yaml())])
        #expect(duplicate.contains { $0.field == "id" && $0.reason.contains("also used by a.yaml") })
    }

    @Test("what the loader cannot read fails with file, line and field")
    func unreadable() {
        #expect(throws: PolicyError.self) { try AgreementLoader.load(yaml: Self.yaml().replacingOccurrences(of: "COC", with: "SHOPPING"), file: "a.yaml") }
        do {
            _ = try AgreementLoader.load(yaml: Self.yaml().replacingOccurrences(of: "relationships: [on_roll]", with: "relationships: [friends]"), file: "a.yaml")
            Issue.record("an unknown relationship loaded")
        } catch {
            #expect(error.line == 22 && error.field == "recipients[0].relationships")
        }
        do {
            _ = try AgreementLoader.load(yaml: Self.yaml() + "\nsurprise: true", file: "a.yaml")
            Issue.record("an unknown key loaded")
        } catch {
            #expect(error.field == "agreement.surprise" && error.line == 31)
        }
    }

    @Test("explain says what flows and why; the matrix lists every recipient and event type, escaped in HTML")
    func explainAndMatrix() throws {
        let agreement = try AgreementLoader.load(yaml: Self.yaml(), file: "a.yaml")
        let text = try #require(PolicyReport.explain(recipient: "setting", eventType: .enrolment, agreements: [agreement], today: F.today))
        #expect(text.contains("enrolment: action, event_id, event_type, payload.setting_urn, payload.start_date, schema_version"))
        #expect(text.contains("on its roll") && text.contains("keeps what it receives: 3 years"))
        #expect(text.contains("UK GDPR Art 6(1)(e), Art 9(2)(h) with DPA 2018 Schedule 1 paragraph 2"))
        #expect(!text.contains("developmental_review:"))
        #expect(PolicyReport.explain(recipient: "nobody", agreements: [agreement], today: F.today) == nil)
        var odd = agreement
        odd.recipients[0].name = "Tots <b>& Co</b>"
        let (markdown, html) = PolicyReport.matrix(agreements: [odd], today: F.today)
        #expect(markdown.split(separator: "\n").filter { $0.hasPrefix("| Tots") }.count == 2)
        #expect(html.contains("Tots &lt;b&gt;&amp; Co&lt;/b&gt;") && !html.contains("<b>&"))
        #expect(PolicyReport.matrix(agreements: [odd], today: "2030-01-01").markdown.contains("| Tots") == false)
    }
}
