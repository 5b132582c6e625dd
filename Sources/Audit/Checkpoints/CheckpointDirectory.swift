import Foundation

/// One checkpoint as kept on disk: the signed note, and the leaf hashes it covers.
public struct SavedCheckpoint: Sendable, Hashable {
    /// The size in the file name (`<size>.checkpoint`); the note's own size must agree.
    public var size: Int
    public var note: String
    /// The leaf hashes of the tree the note signs, in order, from `<size>.leaves`; nil when that
    /// file is missing or unreadable. Unsigned: the verifier trusts it only if it reproduces the
    /// note's root.
    public var leafHashes: [MerkleHash]?

    public init(size: Int, note: String, leafHashes: [MerkleHash]?) {
        self.size = size
        self.note = note
        self.leafHashes = leafHashes
    }
}

/// The folder of saved checkpoints (`audit-checkpoints/` by default): for each, `<size>.checkpoint`
/// (the signed note) and `<size>.leaves` (lower-case hex leaf hashes, one a line). The leaf hashes
/// hold no personal data; with them an auditor can say which entries changed, not only that some did.
public struct CheckpointDirectory: Sendable {
    public static let defaultPath = "audit-checkpoints"

    public let url: URL

    public init(_ url: URL) {
        self.url = url
    }

    public func noteURL(size: Int) -> URL { url.appendingPathComponent("\(size).checkpoint") }
    public func leavesURL(size: Int) -> URL { url.appendingPathComponent("\(size).leaves") }

    /// Every saved checkpoint, smallest first; none when the folder does not exist yet.
    public func load() throws(CheckpointDirectoryError) -> [SavedCheckpoint] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: url.path) } catch {
            throw .unreadable(url.path, "the folder does not exist or cannot be read")
        }
        let sizes = names.compactMap { name -> Int? in
            guard name.hasSuffix(".checkpoint") else { return nil }
            return Int(name.dropLast(".checkpoint".count))
        }
        return try sizes.sorted().map { size throws(CheckpointDirectoryError) in
            guard let note = FileManager.default.contents(atPath: noteURL(size: size).path) else {
                throw .unreadable(noteURL(size: size).path, "it cannot be read")
            }
            return SavedCheckpoint(size: size, note: String(decoding: note, as: UTF8.self), leafHashes: leafHashes(size: size))
        }
    }

    /// Saves a checkpoint and its leaf hashes; the note is written last, so a folder never holds a
    /// note without its leaves because of a crash.
    public func save(note: String, size: Int, leafHashes: some Sequence<MerkleHash>) throws(CheckpointDirectoryError) {
        do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) } catch {
            throw .unwritable(url.path, "the folder cannot be created")
        }
        var leaves = ""
        for hash in leafHashes { leaves += hash.hex + "\n" }
        for (file, text) in [(leavesURL(size: size), leaves), (noteURL(size: size), note)] {
            do { try Data(text.utf8).write(to: file, options: .atomic) } catch {
                throw .unwritable(file.path, "it cannot be written")
            }
        }
    }

    private func leafHashes(size: Int) -> [MerkleHash]? {
        guard let data = FileManager.default.contents(atPath: leavesURL(size: size).path) else { return nil }
        var hashes: [MerkleHash] = []
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let hash = MerkleHash(hex: line) else { return nil }
            hashes.append(hash)
        }
        return hashes
    }
}

public enum CheckpointDirectoryError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(String, String)
    case unwritable(String, String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .unwritable(let path, let reason): "cannot write \(path): \(reason)"
        }
    }
}
