import ArgumentParser
import Foundation
import Identity
import SourceFormats
import Synchronization

struct IdentityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identity", abstract: "Train the linkage model, link or deduplicate batch files, and explain, unlink and review live links.",
        subcommands: [Train.self, Match.self, Dedupe.self, Generate.self, Evaluate.self, Explain.self, Summary.self, Unlink.self, Review.self])

    struct ModelOption: ParsableArguments {
        @Option(help: "A model file from `eyhub identity train`; without one, a model is estimated from the input itself.")
        var model: String?
    }

    struct Train: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit the linkage model (u by random sampling, m by EM) to one or two batch files and save it.")
        @Option(help: "A batch file (header id,given_name,family_name,dob,sex,postcode,address,nhs_number).") var left: String
        @Option(help: "A second batch file, to train for linking two sources; without it, for deduplicating one.") var right: String?
        @Option(help: "Where to write the model.") var out: String
        @Option(help: "Random pairs to estimate u from.") var sampledPairs = 1_000_000
        @Option(help: "Probability at or above which the resolver links without a person.") var linkThreshold = 0.95
        @Option(help: "Probability at or above which (and below the link threshold) a pair goes to review.") var reviewThreshold = 0.85

        func validate() throws {
            guard (0...1).contains(reviewThreshold), (0...1).contains(linkThreshold), reviewThreshold <= linkThreshold else {
                throw ValidationError("thresholds must be probabilities with --review-threshold at most --link-threshold")
            }
        }

        func run() async throws {
            let left = try Batch.read(left)
            let right = try self.right.map(Batch.read)
            Batch.note("training on \(left.count + (right?.count ?? 0)) records")
            let model = ModelTraining.train(
                left, right, options: .init(sampledPairs: sampledPairs, thresholds: .init(link: linkThreshold, review: reviewThreshold)))
            try model.write(to: URL(fileURLWithPath: out))
            Batch.note("""
                model written to \(out): prior \(String(format: "%.3g", model.prior)), \(model.training.blockedPairsForM) blocked pairs, \
                EM \(model.training.emConverged ? "converged" : "stopped") after \(model.training.emIterations) iterations
                """)
        }
    }

    struct Match: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Link two batch files: every pair at or above the threshold, each record in at most one pair.")
        @Option(help: "The first batch file.") var left: String
        @Option(help: "The second batch file.") var right: String
        @Option(help: "Where to write the pairs (left_id,right_id,match_probability).") var out: String
        @Option(help: "The lowest match probability written.") var threshold = 0.5
        @Flag(help: "Write every pair at or above the threshold, not only each record's most probable.") var allPairs = false
        @OptionGroup var model: ModelOption

        func run() async throws {
            let left = try Batch.read(left)
            let right = try Batch.read(right)
            let model = try Batch.model(model.model, left, right)
            let linker = BatchLinker(model: model, threshold: threshold, oneToOne: !allPairs)
            let pairs = linker.link(left, right, progress: Batch.progress("linking"))
            try Batch.write(pairs.map { (left[$0.left].id, right[$0.right].id, $0.probability) }, to: out)
        }
    }

    struct Dedupe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Find records of one batch file that are the same child.")
        @Option(help: "The batch file.") var input: String
        @Option(help: "Where to write the pairs (left_id,right_id,match_probability).") var out: String
        @Option(help: "The lowest match probability written.") var threshold = 0.5
        @OptionGroup var model: ModelOption

        func run() async throws {
            let records = try Batch.read(input)
            let model = try Batch.model(model.model, records, nil)
            let pairs = BatchLinker(model: model, threshold: threshold).dedupe(records, progress: Batch.progress("deduplicating"))
            try Batch.write(pairs.map { (records[$0.left].id, records[$0.right].id, $0.probability) }, to: out)
        }
    }

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write generated (synthetic, not real) children's records of two sources, and the truth, for trying linkage.")
        @Option(help: "How many children.") var people = 10_000
        @Option(help: "The generator's seed: the same seed writes the same files.") var seed: UInt64 = 1
        @Option(help: "The directory to write left.csv and right.csv (or records.csv), truth.csv and twins.csv into.") var outDir: String
        @Flag(help: "One source with duplicates within it (records.csv), for `eyhub identity dedupe`.") var oneSource = false

        func run() async throws {
            let directory = URL(fileURLWithPath: outDir)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            if oneSource {
                let (records, truth, twins) = SyntheticPopulation.oneSource(.init(people: people, seed: seed))
                try Data(SyntheticPopulation.csv(records).utf8).write(to: directory.appendingPathComponent("records.csv"))
                try Self.writeTruth(truth, twins, to: directory)
                Batch.note("\(records.count) records of \(people) children written to \(outDir)")
                return
            }
            let population = SyntheticPopulation.twoSources(.init(people: people, seed: seed))
            try Data(SyntheticPopulation.csv(population.left).utf8).write(to: directory.appendingPathComponent("left.csv"))
            try Data(SyntheticPopulation.csv(population.right).utf8).write(to: directory.appendingPathComponent("right.csv"))
            try Self.writeTruth(population.truth, population.twins, to: directory)
            Batch.note("\(population.left.count) left and \(population.right.count) right records of \(people) children written to \(outDir)")
        }

        static func writeTruth(_ truth: [String: String], _ twins: Set<SyntheticPopulation.TwoSources.Pair>, to directory: URL) throws {
            var text = "id,person_id\n"
            for (id, person) in truth.sorted(by: { $0.key < $1.key }) { text += "\(id),\(person)\n" }
            var pairs = "person_a,person_b\n"
            for pair in twins.sorted(by: { ($0.a, $0.b) < ($1.a, $1.b) }) { pairs += "\(pair.a),\(pair.b)\n" }
            try Data(text.utf8).write(to: directory.appendingPathComponent("truth.csv"))
            try Data(pairs.utf8).write(to: directory.appendingPathComponent("twins.csv"))
        }
    }

    struct Evaluate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score a pairs file against the truth of generated records: precision, recall, F1 and twin merges.")
        @Option(help: "A pairs file from `eyhub identity match`.") var pairs: String
        @Option(help: "The directory `eyhub identity generate` wrote.") var truthDir: String
        @Option(help: "Only pairs at or above this probability count as links.") var threshold = 0.95

        func run() async throws {
            let directory = URL(fileURLWithPath: truthDir)
            /// The two columns of each row of a file `generate` wrote.
            func rows(_ name: String, _ first: String, _ second: String) throws -> [(String, String)] {
                let path = directory.appendingPathComponent(name)
                guard let data = FileManager.default.contents(atPath: path.path) else { throw ValidationError("cannot read \(path.path)") }
                return try CSVParser.parse([UInt8](data)).records.map { row in
                    guard let a = row[first], let b = row[second] else { throw ValidationError("\(path.path): line \(row.line) lacks \(first) or \(second)") }
                    return (a, b)
                }
            }
            let truth = Dictionary(uniqueKeysWithValues: try rows("truth.csv", "id", "person_id"))
            let twins = Set(try rows("twins.csv", "person_a", "person_b").map { SyntheticPopulation.TwoSources.Pair($0.0, $0.1) })
            guard let data = FileManager.default.contents(atPath: pairs) else { throw ValidationError("cannot read \(pairs)") }
            let links: [(left: String, right: String, probability: Double)]
            do { links = try PersonRecordCSV.readPairs([UInt8](data)) } catch { throw ValidationError("\(pairs): \(error)") }
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("records.csv").path) {
                print(LinkageEvaluation(dedupePairs: links, threshold: threshold, ids: Array(truth.keys), truth: truth, twins: twins))
                return
            }
            let evaluation = LinkageEvaluation(
                pairs: links, threshold: threshold, leftIDs: truth.keys.filter { $0.hasPrefix("L") }, rightIDs: truth.keys.filter { $0.hasPrefix("R") },
                truth: truth, twins: twins)
            print(evaluation)
        }
    }

    /// What the batch commands share: reading, the model, progress and the output.
    enum Batch {
        static func read(_ path: String) throws -> [LinkageRecord] {
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
            do {
                let records = try PersonRecordCSV.read([UInt8](data))
                note("\(path): \(records.count) records")
                return LinkageRecord.normalising(records)
            } catch {
                throw ValidationError("\(path): \(error)")
            }
        }

        static func model(_ path: String?, _ left: [LinkageRecord], _ right: [LinkageRecord]?) throws -> LinkageModel {
            if let path {
                do { return try LinkageModel.load(from: URL(fileURLWithPath: path)) } catch {
                    throw ValidationError("\(path): \(error)")
                }
            }
            note("no --model: estimating one from the input")
            if left.count + (right?.count ?? 0) < 2_000 {
                note("warning: fewer than 2,000 records are too few to estimate a model from; train one on a larger file (eyhub identity train) and pass --model")
            }
            return ModelTraining.train(left, right)
        }

        static func write(_ pairs: [(String, String, Double)], to path: String) throws {
            try Data(PersonRecordCSV.pairs(pairs.map { (left: $0.0, right: $0.1, probability: $0.2) }).utf8).write(to: URL(fileURLWithPath: path))
            note("\(pairs.count) pairs written to \(path)")
        }

        static func note(_ text: String) {
            FileHandle.standardError.write(Data("\(text)\n".utf8))
        }

        /// Progress lines on standard error, about one per tenth of the work.
        static func progress(_ verb: String) -> BatchLinker.Progress {
            let reported = Mutex(0)
            return { done, total in
                let tenth = total >= 10 ? done * 10 / total : 10
                let report = reported.withLock { last in
                    guard tenth > last else { return false }
                    last = tenth
                    return true
                }
                if report { note("\(verb): \(done) of \(total) records") }
            }
        }
    }
}
