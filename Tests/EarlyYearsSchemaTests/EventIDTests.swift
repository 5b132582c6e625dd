import EarlyYearsSchema
import Testing

@Suite("Deterministic event ids")
struct EventIDTests {
    func id(
        system: String = "SystmOne", org: String = "RR8", record: String = "ASQ-1234", version: String? = "3",
        content: String = "{}", type: EventType = .developmentalReview, ordinal: Int = 0
    ) -> String {
        EventID.derive(system: system, orgCode: org, recordID: record, recordVersion: version, content: Array(content.utf8),
                       eventType: type, ordinal: ordinal)
    }

    @Test("the same record at the same version always has the same id, in the schema's format")
    func stable() {
        #expect(id() == id())
        #expect(id().count == 64)
        #expect(id().allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test("any change of system, organisation, record, version, type or ordinal changes the id")
    func sensitive() {
        let base = id()
        let variants = [
            id(system: "Rio"), id(org: "RR9"), id(record: "ASQ-1235"), id(version: "4"),
            id(type: .contact), id(ordinal: 1),
        ]
        #expect(Set(variants + [base]).count == variants.count + 1)
    }

    @Test("with a version, content does not matter; without one, content stands in for it")
    func versionOrContent() {
        #expect(id(content: "{\"a\":1}") == id(content: "{\"a\":2}"))
        #expect(id(version: nil, content: "{\"a\":1}") != id(version: nil, content: "{\"a\":2}"))
        #expect(id(version: nil, content: "{\"a\":1}") == id(version: nil, content: "{\"a\":1}"))
    }

    @Test("separators inside values cannot make two inputs collide")
    func noAmbiguity() {
        #expect(id(system: "a|b", org: "c") != id(system: "a", org: "b|c"))
        #expect(id(system: "ab", org: "") != id(system: "a", org: "b"))
    }
}
