import Foundation
import Synchronization
import Testing

/// The `eyhub` executable built beside the test bundle, run as a separate process.
final class EyhubProcess: @unchecked Sendable {
    // `printed` is behind a Mutex; the Process and Pipe are only configured before `run()`.
    let process = Process()
    let output = Pipe()
    private final class Printed: Sendable {
        let text = Mutex("")
    }

    private let printed = Printed()

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
        output.fileHandleForReading.readabilityHandler = { [printed] handle in
            let chunk = String(decoding: handle.availableData, as: UTF8.self)
            printed.text.withLock { $0 += chunk }
        }
        try process.run()
    }

    /// Everything the process has printed so far.
    var printedSoFar: String { printed.text.withLock { $0 } }

    /// Waits until the process has printed `text`.
    func waitForOutput(containing text: String, timeout: Duration = .seconds(60)) async -> Bool {
        await eventually(timeout: timeout) { printedSoFar.contains(text) }
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
            return (nil, printedSoFar)
        }
        try? await Task.sleep(for: .milliseconds(100))  // let the last output arrive
        return (process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus, printedSoFar)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
