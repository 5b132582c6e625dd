import Foundation
@testable import Mapping
import Testing

@Suite("Time-zone offsets remembered by span")
struct ZoneOffsetsTests {
    /// Zones with summer time, half-hour and odd offsets, and changes of standard offset
    /// (Moscow 2011 and 2014, Apia skipping a day in 2011, Caracas 2007 and 2016).
    static let zones = ["Europe/London", "America/New_York", "America/Sao_Paulo", "Australia/Lord_Howe", "Europe/Moscow",
                        "Pacific/Apia", "Asia/Kathmandu", "America/Caracas", "Europe/Dublin", "UTC"]

    @Test("every offset is the zone's own, at 5,000 instants scattered from 1900 to 2100 and on both sides of every transition from 1960 to 2040", arguments: zones)
    func sameAsTheZone(_ identifier: String) throws {
        let zone = try #require(TimeZone(identifier: identifier))
        let offsets = ZoneOffsets(zone)
        let from = -2_208_988_800 // 1900-01-01
        let to = 4_102_444_800 // 2100-01-01
        // Scattered over the range by a large prime step, so that the spans found are asked about
        // out of order, before and after the instants that found them.
        var instants = (0..<5_000).map { from + ($0 * 1_000_000_007) % (to - from) }
        // Near transitions: the last second before, the first after, and a minute either side.
        var transition = zone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: -315_619_200)) // 1960
        var transitions = 0
        while let date = transition, date.timeIntervalSince1970 < 2_208_988_800 { // 2040
            let instant = Int(date.timeIntervalSince1970)
            instants += [instant - 60, instant - 1, instant, instant + 1, instant + 60]
            transitions += 1
            transition = zone.nextDaylightSavingTimeTransition(after: date)
        }
        var mismatches = 0
        for instant in instants where offsets.seconds(at: instant) != zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))) {
            mismatches += 1
        }
        #expect(mismatches == 0, "\(identifier): \(mismatches) of \(instants.count) instants")
        if identifier != "UTC" && identifier != "Asia/Kathmandu" { #expect(transitions > 0, "\(identifier) has transitions to test") }
    }
}
