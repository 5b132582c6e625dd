import EarlyYearsSchema
import Testing

/// `EventObject` must behave as the `[String: EventTree]` it replaced, with its members always in
/// `String` order.
@Suite("Event objects")
struct EventObjectTests {
    @Test("random sets and removals agree with a dictionary, members always sorted")
    func agreesWithDictionary() {
        var generator = SystemRandomNumberGenerator()
        let keys = ["a", "b", "ab", "a_b", "event_id", "payload", "Z", "é", "e\u{301}", "z9", "z10", "", "check_digit_valid_and_long"]
        for _ in 0..<500 {
            var object = EventObject()
            var dictionary: [String: EventTree] = [:]
            for step in 0..<30 {
                let key = keys[Int(generator.next() % UInt64(keys.count))]
                switch generator.next() % 4 {
                case 0:
                    #expect(object.removeValue(forKey: key) == dictionary.removeValue(forKey: key))
                case 1:
                    object[key] = nil
                    dictionary[key] = nil
                default:
                    object[key] = .int(step)
                    dictionary[key] = .int(step)
                }
                #expect(object.count == dictionary.count)
                #expect(object.keys == dictionary.keys.sorted())
                for key in keys { #expect(object[key] == dictionary[key]) }
            }
            #expect(object == EventObject(dictionary))
            #expect(object.mapValues { $0 } == dictionary)
        }
    }

    @Test("canonically equivalent keys are one member, as in a dictionary")
    func canonicalEquivalence() {
        var object: EventObject = ["é": .int(1)]
        object["e\u{301}"] = .int(2)
        #expect(object.count == 1)
        #expect(object["é"] == .int(2))
    }

    @Test("equal and equally hashed whatever order members were set in")
    func orderIndependence() {
        var forwards = EventObject()
        var backwards = EventObject()
        let keys = ["source", "subject", "action", "payload", "event_id"]
        for (index, key) in keys.enumerated() { forwards[key] = .int(index) }
        for (index, key) in keys.enumerated().reversed() { backwards[key] = .int(index) }
        #expect(forwards == backwards)
        #expect(forwards.hashValue == backwards.hashValue)
        #expect(Array(forwards.map(\.key)) == ["action", "event_id", "payload", "source", "subject"])
        backwards["action"] = .int(9)
        #expect(forwards != backwards)
    }

    @Test("a slot changes a nested value in place, created when absent")
    func slots() {
        var object: EventObject = ["b": .int(1)]
        let slot = object.slot("a", initial: .array([]))
        if case .array(var list) = object[valueAt: slot] {
            list.append(.bool(true))
            object[valueAt: slot] = .array(list)
        }
        object[valueAt: object.slot("b", initial: .null)] = .int(2)
        #expect(object == ["a": .array([.bool(true)]), "b": .int(2)])
    }

    @Test("written in String order, and in Foundation's order for the serialization style")
    func writingOrder() throws {
        let tree = EventTree.object(["b": .int(1), "a10": .int(2), "a9": .int(3), "A": .int(4)])
        #expect(String(decoding: try tree.json(style: .encoder), as: UTF8.self) == #"{"A":4,"a10":2,"a9":3,"b":1}"#)
        #expect(String(decoding: try tree.json(style: .serialization), as: UTF8.self) == #"{"A":4,"a9":3,"a10":2,"b":1}"#)
    }
}
