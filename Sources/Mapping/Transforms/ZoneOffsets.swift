import Foundation
import Synchronization

/// A time zone's offset from UTC at an instant, remembered for the span it holds over (from an
/// instant asked about up to the zone's next transition), so that most dates and times read by
/// hand make no call into ICU, which takes a lock and works the offset out again every time.
final class ZoneOffsets: Sendable {
    let timeZone: TimeZone

    /// `[start, end)` in seconds since 1970 (UTC), over which the zone's offset is `offset`.
    private struct Span {
        var start: Int
        var end: Int
        var offset: Int
    }

    /// The spans found so far, the most recently found first; at most ``capacity``.
    private let spans = Mutex<[Span]>([])
    static let capacity = 32

    init(_ timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// The offset in seconds at `instant` (seconds since 1970, UTC): what
    /// `timeZone.secondsFromGMT(for:)` gives.
    func seconds(at instant: Int) -> Int {
        if let offset = spans.withLock({ spans in spans.first { $0.start <= instant && instant < $0.end }?.offset }) {
            return offset
        }
        let date = Date(timeIntervalSince1970: TimeInterval(instant))
        let offset = timeZone.secondsFromGMT(for: date)
        // The offset holds from this instant until the next transition, the first instant of
        // the next offset (none: for ever).
        let end = timeZone.nextDaylightSavingTimeTransition(after: date).map { Int($0.timeIntervalSince1970.rounded(.up)) } ?? .max
        spans.withLock { spans in
            if spans.count >= Self.capacity { spans.removeLast() }
            spans.insert(Span(start: instant, end: max(end, instant + 1), offset: offset), at: 0)
        }
        return offset
    }
}
