import EarlyYearsSchema
import Foundation
@testable import Mapping
import Testing

/// A rule's content built from its targets' layout is what setting each value by its path, in
/// the rule's order, and then dropping the list members no rule filled makes.
@Suite("Target layouts")
struct TargetLayoutTests {
    /// What the engine did before layouts: every value set by its path, in order.
    static func setInOrder(_ targets: [[JSONTree.Step]], _ values: [EventTree?]) -> EventObject {
        var tree = JSONTree()
        for (steps, value) in zip(targets, values) {
            if let value { tree.set(steps, value) }
        }
        tree.removeEmptyListMembers()
        return tree.root
    }

    static func mappingFiles() throws -> [URL] {
        try ["mappings", "bench/mappings"].flatMap { folder in
            try FileManager.default.contentsOfDirectory(at: MappingEngineTests.root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "yaml" }
        }
    }

    @Test("every rule of every mapping is laid out, and builds what setting by path builds")
    func everyMapping() throws {
        let files = try Self.mappingFiles()
        #expect(files.count >= 12)
        var generator = SystemRandomNumberGenerator()
        for file in files {
            let definition = try MappingLoader.load(contentsOf: file, catalog: MappingEngineTests.catalog)
            for rule in definition.events {
                let targets = rule.fields.map { JSONTree.steps($0.target) }
                let layout = TargetLayout(targets: targets)
                #expect(layout.isLaidOut, "\(file.lastPathComponent): \(rule.eventType)")
                for _ in 0..<200 {
                    let values: [EventTree?] = targets.indices.map { index in Bool.random(using: &generator) ? .int(index) : nil }
                    #expect(layout.content(values).root == Self.setInOrder(targets, values), "\(file.lastPathComponent)")
                }
            }
        }
    }

    /// Paths of a few names, indices and `[]`, so that many overlap: one inside another, the same
    /// place twice, a member both indexed and not, a `[]` before the end.
    static func randomSteps(using generator: inout some RandomNumberGenerator) -> [JSONTree.Step] {
        (0..<Int.random(in: 1...4, using: &generator)).map { _ in
            switch Int.random(in: 0..<10, using: &generator) {
            case 0..<6: .key(["a", "b", "c", "e\u{301}", "\u{E9}"].randomElement(using: &generator)!)
            case 6..<9: .index(Int.random(in: 0...3, using: &generator))
            default: .list
            }
        }
    }

    @Test("random targets, overlapping or not, build what setting by path builds")
    func randomTargets() {
        var generator = SystemRandomNumberGenerator()
        var laidOut = 0
        for _ in 0..<20_000 {
            let targets = (0..<Int.random(in: 1...6, using: &generator)).map { _ in Self.randomSteps(using: &generator) }
                .filter { if case .key = $0.first { true } else { false } }
            let layout = TargetLayout(targets: targets)
            if layout.isLaidOut { laidOut += 1 }
            let values: [EventTree?] = targets.indices.map { index in
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: nil
                case 1: .array([.string("x\(index)")])
                default: .int(index)
                }
            }
            #expect(layout.content(values).root == Self.setInOrder(targets, values), "\(targets) \(values)")
        }
        // Both ways are exercised.
        #expect(laidOut > 2_000 && laidOut < 18_000, "\(laidOut) of 20,000 laid out")
    }

    @Test("overlapping targets are set by path in order")
    func overlapping() {
        let overlaps: [[String]] = [
            ["subject.postcode", "subject.postcode"],
            ["subject", "subject.postcode"],
            ["subject.postcode", "subject"],
            ["payload.areas[0].score", "payload.areas.score"],
            ["payload.areas[].score"],
            ["subject.given_names[]", "subject.given_names[0]"],
        ]
        for paths in overlaps {
            #expect(!TargetLayout(targets: paths.map(JSONTree.steps)).isLaidOut, "\(paths)")
        }
        let apart = ["payload.areas[2].score", "payload.areas[0].area", "subject.given_names[]", "subject.nhs_number.value"]
        #expect(TargetLayout(targets: apart.map(JSONTree.steps)).isLaidOut)
    }
}
