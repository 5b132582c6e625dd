/// Arithmetic on numeric source values, for scores: an ASQ-3 area score is the sum of six item
/// scores, each 10 (yes), 5 (sometimes) or 0 (not yet).
public enum Arithmetic: String, Sendable, Hashable, CaseIterable {
    case sum, mean, min, max, multiply

    /// The result, written without a trailing `.0` for whole numbers.
    public func apply(_ values: [String], factor: Double = 1) throws(TransformError) -> String {
        var numbers: [Double] = []
        for value in values {
            guard let number = Double(value.trimming(.whitespaces)), number.isFinite else {
                throw TransformError(rule: "arithmetic.not-a-number", reason: "a value is not a number")
            }
            numbers.append(number)
        }
        guard !numbers.isEmpty else { throw TransformError(rule: "arithmetic.no-values", reason: "there are no values to combine") }
        let result: Double = switch self {
        case .sum: numbers.reduce(0, +)
        case .mean: numbers.reduce(0, +) / Double(numbers.count)
        case .min: numbers.min()!
        case .max: numbers.max()!
        case .multiply: numbers[0] * factor
        }
        return result == result.rounded() && abs(result) < 1e15 ? String(Int64(result)) : String(result)
    }
}

import Foundation
