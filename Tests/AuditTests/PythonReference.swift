import Foundation
import Testing

/// Runs a Python 3 script (hashlib is the independent reference the tests compare with) and
/// returns what it printed, one element a line.
func pythonReference(_ script: String, arguments: [String] = []) throws -> [String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "python3 failed")
    return printed.split(separator: "\n").map(String.init)
}
