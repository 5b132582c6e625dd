import Foundation

/// The drop folder of a file-drop adapter, with its `done/` and `failed/` subfolders.
///
/// Writers must write a file under a name starting with `.` (or outside the folder) and rename it
/// in when complete: dotfiles are never read, and a rename is atomic, so a half-written file is
/// never taken. Files move out only by `rename(2)`, never by copying, and never over another file.
struct DropFolder: Sendable {
    let directory: URL
    /// `*` or `*.<extension>`.
    let pattern: String

    var done: URL { directory.appendingPathComponent("done", isDirectory: true) }
    var failed: URL { directory.appendingPathComponent("failed", isDirectory: true) }

    /// Creates the folder and its subfolders if missing.
    func prepare() throws {
        for folder in [directory, done, failed] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
    }

    /// The names of the files waiting, in name order: regular files that match the pattern and do
    /// not start with `.`.
    func waitingFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { !$0.hasPrefix(".") && matches($0) && isRegularFile(directory.appendingPathComponent($0)) }
            .sorted()
    }

    func matches(_ name: String) -> Bool {
        pattern == "*" || name.hasSuffix(pattern.dropFirst())
    }

    private func isRegularFile(_ url: URL) -> Bool {
        (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
    }

    /// Reads a waiting file, refusing one larger than `limit` bytes without reading it.
    func read(_ name: String, limit: Int) -> Result<[UInt8], DocumentFailure> {
        let url = directory.appendingPathComponent(name)
        guard let size = try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize else { return .failure(.unreadable) }
        guard size <= limit else { return .failure(.tooLarge(limit: limit)) }
        guard let data = FileManager.default.contents(atPath: url.path) else { return .failure(.unreadable) }
        guard data.count <= limit else { return .failure(.tooLarge(limit: limit)) }
        return .success([UInt8](data))
    }

    /// Renames a waiting file into `done/`; returns the name it has there.
    @discardableResult
    func moveToDone(_ name: String) throws -> String {
        try move(name, into: done)
    }

    /// Writes `<name>.error.json` into `failed/`, then renames the file beside it; returns the name
    /// it has there. The report comes first: a crash in between leaves the file waiting, to be
    /// rejected again.
    @discardableResult
    func moveToFailed(_ name: String, report: FailureReport) throws -> String {
        let target = freeName(for: name, in: failed)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(report).write(to: failed.appendingPathComponent(target + ".error.json"), options: .atomic)
        try rename(name, to: failed.appendingPathComponent(target))
        return target
    }

    private func move(_ name: String, into folder: URL) throws -> String {
        let target = freeName(for: name, in: folder)
        try rename(name, to: folder.appendingPathComponent(target))
        return target
    }

    private func rename(_ name: String, to target: URL) throws {
        let source = directory.appendingPathComponent(name)
        guard Foundation.rename(source.path, target.path) == 0 else {
            throw MoveError(file: name, folder: target.deletingLastPathComponent().lastPathComponent, code: errno)
        }
    }

    /// `name`, or `name.1`, `name.2`, … : the first that neither a file nor its report uses yet.
    private func freeName(for name: String, in folder: URL) -> String {
        var candidate = name
        var counter = 0
        while FileManager.default.fileExists(atPath: folder.appendingPathComponent(candidate).path)
            || FileManager.default.fileExists(atPath: folder.appendingPathComponent(candidate + ".error.json").path) {
            counter += 1
            candidate = "\(name).\(counter)"
        }
        return candidate
    }
}

/// A file could not be renamed out of the drop folder; it stays there.
struct MoveError: Error, CustomStringConvertible {
    var file: String
    var folder: String
    var code: Int32

    var description: String { "cannot move \(file) into \(folder)/: \(String(cString: strerror(code)))" }
}

/// `failed/<file>.error.json`: why a file was rejected, without any of its contents.
struct FailureReport: Sendable, Hashable, Codable {
    var rule: String
    var reason: String
    var position: String?
    var adapter: String
    var mappingID: String
    var mappingVersion: String
    /// RFC 3339.
    var time: String
    /// The name the file arrived with (it may carry a suffix in `failed/`).
    var file: String

    enum CodingKeys: String, CodingKey {
        case rule, reason, position, adapter, time, file
        case mappingID = "mapping_id"
        case mappingVersion = "mapping_version"
    }
}
