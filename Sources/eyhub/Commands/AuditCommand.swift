import ArgumentParser
import Audit
import Foundation
import HubRuntime
import Kafka
import Logging

/// `eyhub audit`: sign checkpoints of the disclosure log, verify it against them, and prove one
/// entry is in it (decision 0015, docs/audit.md).
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Keep the disclosure log (eyh.audit.v1) tamper-evident: signed checkpoints, verification and inclusion proofs.",
        subcommands: [Keygen.self, Checkpoint.self, Verify.self, Proof.self, AuditReportCommand.self])

    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a checkpoint signing key: FILE (private, mode 0600) and FILE.pub (give this to auditors).")
        @Option(help: "Where to write the private key; the public key goes to FILE.pub.") var out: String
        @Option(help: "The key's name, which every signature line carries.") var name = Audit.Checkpoint.defaultOrigin

        func run() throws {
            let key = try AuditSigningKey(name: name)
            try key.write(to: URL(fileURLWithPath: out))
            print("wrote the private key to \(out) (mode 0600) and the public key to \(out).pub; key \(key.name)+\(key.verifyingKey.keyIDHex)")
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign the log's size and root now, save it in --dir with its leaf hashes, and publish it to eyh.audit-checkpoints.v1.",
            discussion: "Refuses to sign when the log no longer extends the newest saved checkpoint. Safe to run from cron.")
        @Option(help: "The private key from `eyhub audit keygen`.") var key: String
        @OptionGroup var place: AuditPlaceOptions
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.bootstrap()
            let signingKey = try AuditSigningKey(contentsOf: URL(fileURLWithPath: key))
            let client = try connection.clientConfiguration(clientID: "eyhub-audit-checkpoint")
            let log = try await AuditLogSnapshot.read(client: client, logger: logger)
            let signed = try CheckpointSigner(key: signingKey, origin: place.origin, directory: place.directory).checkpoint(log)
            guard signed.isNew else {
                print("the log still has \(signed.checkpoint.size) entries: checkpoint \(place.directory.noteURL(size: signed.checkpoint.size).path) stands")
                return
            }
            try await ensureCheckpointTopic(client, logger: logger)
            try await AuditLogSnapshot.publish(note: signed.note, origin: place.origin, client: client, logger: logger)
            print("checkpoint of \(signed.checkpoint.size) entries signed, saved to \(place.directory.noteURL(size: signed.checkpoint.size).path) and published to \(HubTopics.auditCheckpoints)")
        }

        private func ensureCheckpointTopic(_ client: ClientConfiguration, logger: Logger) async throws {
            let admin = try KafkaAdmin(configuration: client, logger: logger)
            do {
                _ = try await admin.ensureTopics(HubTopics.core().filter { $0.name == HubTopics.auditCheckpoints })
                admin.close()
            } catch {
                admin.close()
                throw error
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the log against every saved checkpoint; exit 1 and name the entries if anything was removed, altered, inserted or reordered.")
        @Option(help: "The public key (FILE.pub from `eyhub audit keygen`).") var publicKey: String
        @Flag(help: "Print the report as JSON.") var json = false
        @OptionGroup var place: AuditPlaceOptions
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.bootstrap()
            let key = try AuditVerifyingKey(contentsOf: URL(fileURLWithPath: publicKey))
            let saved = try place.directory.load()
            guard !saved.isEmpty else { throw ValidationError("no checkpoints in \(place.dir): run `eyhub audit checkpoint` first") }
            let log = try await AuditLogSnapshot.read(client: try connection.clientConfiguration(clientID: "eyhub-audit-verify"), logger: logger)
            let report = AuditVerifier(key: key, origin: place.origin).verify(log: log, checkpoints: saved)
            print(json ? try auditJSON(report) : report.summary)
            if !report.isClean { throw ExitCode(1) }
        }
    }

    struct Proof: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Prove an entry is in the log: its inclusion proof against the newest saved checkpoint, verified before it is printed.")
        @Option(help: "The entry id (au_…).") var entry: String?
        @Option(help: "The router's decision id: every entry it made.") var decision: String?
        @Option(help: "Also check the checkpoint's signature with this public key.") var publicKey: String?
        @Flag(help: "Print the proofs as JSON, one a line.") var json = false
        @OptionGroup var place: AuditPlaceOptions
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var logging: LoggingOptions

        func validate() throws {
            guard (entry == nil) != (decision == nil) else { throw ValidationError("give exactly one of --entry and --decision") }
        }

        func run() async throws {
            let logger = logging.bootstrap()
            guard let newest = try place.directory.load().last else {
                throw ValidationError("no checkpoints in \(place.dir): run `eyhub audit checkpoint` first")
            }
            let checkpoint = try publicKey.map { try Audit.Checkpoint(note: newest.note, verifiedBy: AuditVerifyingKey(contentsOf: URL(fileURLWithPath: $0))) }
                ?? Audit.Checkpoint(unverifiedNote: newest.note)
            let log = try await AuditLogSnapshot.read(client: try connection.clientConfiguration(clientID: "eyhub-audit-proof"), logger: logger)
            let proofs = try EntryProof.proofs(log: log, checkpoint: checkpoint) { record in
                if let entry { return record.entryID == entry }
                return (try? AuditEntry(leafBytes: record.leafBytes))?.decisionID == decision
            }
            for proof in proofs {
                if json {
                    print(try auditJSON(proof))
                    continue
                }
                print("""
                    entry \(proof.entryID ?? "?"): leaf \(proof.leafIndex) (offset \(proof.offset)) of a tree of \(proof.treeSize)
                      leaf hash \(proof.leafHash)
                      root      \(proof.root) (checkpoint \(place.directory.noteURL(size: proof.treeSize).path))
                      path      \(proof.path.isEmpty ? "(none: the tree is this one leaf)" : proof.path.joined(separator: "\n                "))
                      verified: SHA-256(0x00 ‖ entry) and the path give the signed root
                    """)
            }
        }
    }
}

/// Where the checkpoints are kept, and the log's origin.
struct AuditPlaceOptions: ParsableArguments {
    @Option(help: "The folder of saved checkpoints.") var dir = CheckpointDirectory.defaultPath
    @Option(help: "The log's origin, the first line of every checkpoint.") var origin = Audit.Checkpoint.defaultOrigin

    var directory: CheckpointDirectory { CheckpointDirectory(URL(fileURLWithPath: dir)) }
}

private func auditJSON(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
