import Foundation
import Logging
import Mapping
import ServiceLifecycle

/// Watches a drop folder and publishes each file, one at a time in name order.
///
/// A file leaves the folder only after the broker has acknowledged every record made from it: to
/// `done/`, or to `failed/` (with `<file>.error.json`) when it was rejected whole. If the broker
/// does not acknowledge, the file stays and the pass ends; the next pass, one poll interval later,
/// starts again from the first file. A crash at any point therefore loses nothing: the file is
/// published again, with the same event ids.
final class FileDropService: Service {
    private let folder: DropFolder
    private let settings: AdapterDefinition.FileDrop
    private let mapper: DocumentMapper
    private let publisher: AdapterPublisher
    private let once: Bool
    private let logger: Logger

    init(settings: AdapterDefinition.FileDrop, mapper: DocumentMapper, publisher: AdapterPublisher, once: Bool, logger: Logger) {
        self.folder = DropFolder(directory: URL(fileURLWithPath: settings.directory, isDirectory: true), pattern: settings.pattern)
        self.settings = settings
        self.mapper = mapper
        self.publisher = publisher
        self.once = once
        self.logger = logger
    }

    /// Polls until graceful shutdown, finishing the file in hand first. With `once`, returns after
    /// one pass, throwing ``FileDropIncomplete`` if files had to stay.
    func run() async throws {
        try folder.prepare()
        logger.notice("watching drop folder", metadata: ["directory": "\(folder.directory.path)", "pattern": "\(settings.pattern)"])
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let waiting = await pass()
            if once {
                guard waiting == 0 else { throw FileDropIncomplete(waiting: waiting) }
                return
            }
            try? await Task.sleep(for: .milliseconds(settings.pollIntervalMilliseconds))
        }
    }

    /// Publishes waiting files in name order until the folder is empty, the broker fails, or
    /// shutdown begins; returns how many files are still waiting.
    private func pass() async -> Int {
        let names: [String]
        do {
            names = try folder.waitingFiles()
        } catch {
            logger.error("cannot list the drop folder", metadata: ["directory": "\(folder.directory.path)"])
            return 1
        }
        for (index, name) in names.enumerated() {
            if Task.isShuttingDownGracefully { return names.count - index }
            guard await handle(name) else { return names.count - index }
        }
        return 0
    }

    /// Publishes one file and moves it; returns `false` if it had to stay in the folder.
    private func handle(_ name: String) async -> Bool {
        let origin = DocumentMapper.Origin(name: name)
        let document = switch folder.read(name, limit: settings.maxFileBytes) {
        case .success(let bytes): mapper.map(bytes, origin: origin)
        case .failure(let failure): mapper.reject(nil, failure: failure, origin: origin)
        }
        do {
            try await publisher.publish(document.messages)
        } catch {
            logger.warning("file kept for a later retry: the broker did not acknowledge it", metadata: [
                "file": "\(name)", "kafka.error": "\(error.kafka.codeName ?? "\(error.kafka.category)")",
            ])
            return false
        }
        let summary = document.summary
        do {
            if let failure = document.failure {
                let report = FailureReport(
                    rule: failure.rule, reason: failure.reason, position: failure.position, adapter: mapper.adapter,
                    mappingID: mapper.engine.definition.id, mappingVersion: mapper.engine.definition.version,
                    time: Date().formatted(.iso8601), file: name)
                let moved = try folder.moveToFailed(name, report: report)
                logger.warning("file rejected and dead-lettered", metadata: [
                    "file": "\(name)", "moved_to": "failed/\(moved)", "rule": "\(failure.rule)",
                ])
            } else {
                let moved = try folder.moveToDone(name)
                logger.notice("file published", metadata: [
                    "file": "\(name)", "moved_to": "done/\(moved)", "records": "\(summary.records)", "events": "\(summary.events)",
                    "skipped": "\(summary.skipped)", "dead_letters": "\(summary.deadLetters)",
                ])
            }
        } catch {
            // Published but not moved: the next pass publishes it again (same event ids).
            logger.error("file published but could not be moved; it will be published again", metadata: [
                "file": "\(name)", "error": "\(error)",
            ])
            return false
        }
        return true
    }
}

/// `--once` ended with files still in the drop folder (the broker did not acknowledge them).
public struct FileDropIncomplete: Error, CustomStringConvertible {
    public var waiting: Int
    public var description: String {
        "\(waiting) file(s) are still waiting in the drop folder: the broker did not acknowledge them; run again"
    }
}
