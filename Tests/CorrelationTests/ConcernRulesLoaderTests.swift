import Correlation
import EarlyYearsSchema
import Foundation
import Testing

@Suite("Concern rules load and are checked against the schema")
struct ConcernRulesLoaderTests {
    @Test("the shipped rules load, with every flag the issue names")
    func shipped() throws {
        let rules = Fixture.rules
        #expect(rules.id == "multi-service-concern")
        #expect(Set(rules.flags.map(\.matcher.eventType)) == [
            .developmentalReview, .progressCheckTwo, .concern, .referral, .cinReferral, .childProtectionPlan, .safeguardingFlag,
        ])
        #expect(rules.correlation.minimumServices == 2)
        #expect(rules.correlation.windowMonths == 12)
    }

    /// The shipped file with one line replaced, loaded; the error it gives.
    func error(replacing old: String, with new: String) throws -> RuleError? {
        let text = try String(contentsOf: Fixture.root.appendingPathComponent("rules/multi-service-concern.yaml"), encoding: .utf8)
        #expect(text.contains(old), "the fixture line is in the file")
        do {
            _ = try ConcernRulesLoader.load(yaml: text.replacingOccurrences(of: old, with: new), file: "rules/broken.yaml", catalog: Fixture.catalog)
            return nil
        } catch {
            return error
        }
    }

    func line(of text: String) throws -> Int {
        let lines = try String(contentsOf: Fixture.root.appendingPathComponent("rules/multi-service-concern.yaml"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.firstIndex { $0.contains(text) } ?? -1) + 1
    }

    @Test("a value the schema does not allow is refused with file and line")
    func badValue() throws {
        let failure = try #require(try error(replacing: "where: { band: below_cutoff }", with: "where: { band: very_low }"))
        #expect(failure.file == "rules/broken.yaml")
        #expect(failure.line == (try line(of: "where: { band: below_cutoff }")))
        #expect(failure.field == "flags[0].where.band")
        #expect(failure.reason.contains("very_low"))
    }

    @Test("a path the event type does not have is refused")
    func badPath() throws {
        let failure = try #require(try error(replacing: "date: payload.raised_on", with: "date: payload.opened_on"))
        #expect(failure.field.hasSuffix(".date"))
        #expect(failure.line == (try line(of: "date: payload.raised_on")))
    }

    @Test("a domain map that leaves a value untranslated is refused")
    func incompleteMap() throws {
        let failure = try #require(try error(replacing: "        fine_motor: physical\n", with: ""))
        #expect(failure.field == "flags[0].domain.map")
        #expect(failure.reason.contains("fine_motor"))
    }

    @Test("a free-text field cannot be a placeholder of a description")
    func freeTextPlaceholder() throws {
        let failure = try #require(try error(replacing: #"describe: "{payload.domain} concern raised""#, with: #"describe: "{payload.summary}""#))
        #expect(failure.reason.contains("never free text"))
    }

    @Test("an unknown key, a duplicate flag id and a missing next step are refused")
    func structure() throws {
        #expect(try error(replacing: "    severity: medium\n    date: payload.completed_on\n    describe: \"ASQ-3", with: "    severity: medium\n    urgency: high\n    date: payload.completed_on\n    describe: \"ASQ-3")?.field == "flags[0].urgency")
        #expect(try error(replacing: "- id: asqse2-above-cutoff", with: "- id: asq3-area-below-cutoff")?.reason.contains("used twice") == true)
        #expect(try error(replacing: "    default: Offer an integrated review with the services involved\n", with: "")?.field == "correlation.next_steps.default")
        #expect(try error(replacing: "article_9: 9_2_h, ", with: "")?.field == "correlation.lawful_basis.article_9")
    }

    @Test("broken YAML gives its line")
    func brokenYAML() throws {
        let failure = try #require(try error(replacing: "title: Two or more services flag the same child", with: "title: [unclosed"))
        #expect(failure.reason == "not valid YAML")
        #expect(failure.line != nil)
    }
}
