import Foundation
import Logging

/// Finds the noida-db broker binary inside its Python package, installing the package with pip
/// when it is missing.
enum NoidaInstallation {
    static let package = "noida-db"

    static func locateOrInstall(logger: Logger) throws -> String {
        if let binary = try? locate() { return binary }
        logger.notice("installing the embedded broker from PyPI", metadata: ["package": "\(package)"])
        let install = ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", package]
        var (status, output) = try run(python(), install)
        if status != 0 {
            // Debian's own python3 refuses system-wide installs unless told otherwise (PEP 668).
            (status, output) = try run(python(), install + ["--break-system-packages"])
        }
        guard status == 0 else {
            throw EmbeddedBroker.BrokerError(description: "pip could not install \(package) (exit \(status)): \(output.suffix(400))")
        }
        return try locate()
    }

    /// The binary shipped inside the installed package, made executable.
    static func locate() throws -> String {
        let script = "import noida_db, os; print(os.path.join(os.path.dirname(noida_db.__file__), 'noida-db'))"
        let (status, output) = try run(python(), ["-c", script])
        let path = output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard status == 0, FileManager.default.fileExists(atPath: path) else {
            throw EmbeddedBroker.BrokerError(description: "\(package) is not installed for \(try python())")
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    static func python() throws -> String {
        let candidates = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map(String.init)
        for name in ["python3", "python"] {
            for directory in candidates where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return "\(directory)/\(name)"
            }
        }
        throw EmbeddedBroker.BrokerError(description: "python3 is needed to install and locate noida-db; install it with apt-get install python3-pip")
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
