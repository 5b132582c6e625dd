import Foundation
import Testing

/// The `eyhub` executable built beside the test bundle, run as a separate process.
final class EyhubProcess {
    let process = Process()
    let output = Pipe()

    /// `.build/<triple>/<config>/eyhub`, next to the test bundle (override with EYHUB_BINARY).
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["EYHUB_BINARY"] { return URL(fileURLWithPath: path) }
        let testBundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBundle.deletingLastPathComponent()
        // The runner may be inside the .xctest bundle on some layouts.
        while directory.path != "/" && !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("eyhub").path) {
            directory.deleteLastPathComponent()
            if directory.lastPathComponent == ".build" { break }
        }
        return directory.appendingPathComponent("eyhub")
    }

    init(_ arguments: [String]) throws {
        let binary = Self.binary
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw TestFailure("eyhub is not built at \(binary.path); run `swift build` first")
        }
        process.executableURL = binary
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = output
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for exit (at most `timeout`) and returns the status and everything printed.
    func wait(timeout: Duration = .seconds(60)) async -> (status: Int32?, output: String) {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning {
            signal(SIGKILL)
            process.waitUntilExit()
            return (nil, String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus, text)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
