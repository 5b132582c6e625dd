import Foundation
import HubRuntime
import Kafka
import Testing

@Suite("The stage runner in a real process, against the embedded broker")
struct StageRunnerTests {
    @Test("exactly-once across SIGKILL mid-transaction, dead-lettering only the bad input, and a clean SIGTERM")
    func exactlyOnceAcrossKill() async throws {
        let input = uniqueTopic("input"), output = uniqueTopic("output"), deadLetter = uniqueTopic("dlq")
        for topic in [input, output, deadLetter] { try await createTopic(topic, partitions: 3) }
        let total = 3_000
        let poison = Set(stride(from: 37, to: total, by: 100))
        let producer = try await makeProducer()
        for index in 0..<total {
            let value = poison.contains(index) ? "POISON-\(index)" : "record-\(index)"
            try await producer.enqueue(ProducerMessage(topic: input, key: "key-\(index)", value: value,
                                                       headers: [KafkaHeader(name: "eyh.source", string: "test")])) { _ in }
        }
        try await producer.flush()
        await producer.close()

        let bootstrap = try await TestBroker.broker().bootstrapServers
        let arguments = [
            "relay", "--bootstrap-servers", bootstrap, "--input", input, "--output", output, "--dead-letter", deadLetter,
            "--group", "relay-\(input)", "--transaction-records", "40", "--log-level", "error",
        ]
        // The relay's progress is its group's committed input offsets (they advance only when a
        // transaction commits), read by a probe that never joins the group.
        let probe = try await makeConsumer(group: "relay-\(input)")
        let inputPartitions = (0..<3).map { TopicPartition(topic: input, partition: Int32($0)) }
        @Sendable func committedInputs() async -> Int64 {
            let offsets = (try? await probe.committed(inputPartitions)) ?? [:]
            return offsets.values.reduce(0) { $0 + ($1 ?? 0) }
        }

        // First run: it commits transactions of 40 records, then hangs on record 1,020 (the 21st of
        // its 26th transaction), so the kill lands with that transaction open and 20 records in it.
        let first = try EyhubProcess(arguments + ["--stall-at", "1020"])
        let stalled = await first.waitForOutput(containing: "relay stalled mid-transaction")
        try await Task.sleep(for: .milliseconds(500))  // let the open transaction's records reach the broker
        let atKill = await committedInputs()
        first.signal(SIGKILL)
        let killed = await first.wait(timeout: .seconds(10))
        #expect(stalled, "the first run should reach the stall: \(first.printedSoFar.suffix(300))")
        #expect(killed.status == -SIGKILL, "the first run ends by SIGKILL, not by itself")
        #expect(atKill > 0 && atKill < 1020, "transactions committed before the kill: \(atKill) inputs")

        // Second run: same instance, so it fences the killed one and aborts its open transaction.
        let second = try EyhubProcess(arguments)
        let finished = await eventually(timeout: .seconds(120)) { await committedInputs() == Int64(total) }
        second.signal(SIGTERM)
        let stopped = await second.wait(timeout: .seconds(30))
        await probe.close()
        #expect(finished, "every input offset should be committed after the restart")
        #expect(stopped.status == 0, "SIGTERM ends the relay cleanly: \(stopped.output.suffix(500))")
        #expect(stopped.output.contains("relay stopped"), "the relay reports what it did on shutdown")

        // Read everything back from the start, as a downstream stage would.
        let reader = try await makeConsumer(group: "check-\(output)", isolation: .readCommitted)
        try reader.subscribe(topics: [output, deadLetter])
        let seen = await drain(reader, quietPeriod: .seconds(5))
        await reader.close()
        // The killed run's open transaction is in the log but was aborted: a read_uncommitted
        // reader sees more records than the committed ones, which proves the kill was mid-transaction.
        let rawReader = try await makeConsumer(group: "raw-\(output)", isolation: .readUncommitted)
        try rawReader.subscribe(topics: [output, deadLetter])
        let raw = await drain(rawReader, quietPeriod: .seconds(3))
        await rawReader.close()
        #expect(raw.count > seen.count, "aborted records of the killed run exist but stay invisible (\(raw.count) raw, \(seen.count) committed)")

        let relayed = seen.filter { $0.topic == output }
        let deadLetters = seen.filter { $0.topic == deadLetter }
        let expected = (0..<total).filter { !poison.contains($0) }.map { "relayed:record-\($0)" }
        #expect(relayed.count == expected.count, "nothing doubled: \(relayed.count) outputs for \(expected.count) inputs")
        #expect(Set(relayed.compactMap(\.valueString)) == Set(expected), "nothing lost")
        #expect(relayed.allSatisfy { $0.headers.string(named: "eyh.source") == "test" })

        #expect(deadLetters.count == poison.count, "exactly the bad inputs are dead-lettered, once each")
        #expect(Set(deadLetters.compactMap(\.valueString)) == Set(poison.map { "POISON-\($0)" }))
        for letter in deadLetters {
            #expect(letter.headers.string(named: DeadLetterHeader.rule) == "relay.fail-marker")
            #expect(letter.headers.string(named: DeadLetterHeader.reason)?.isEmpty == false)
            #expect(letter.headers.string(named: DeadLetterHeader.fieldPath) == "value")
            #expect(letter.headers.string(named: DeadLetterHeader.stage) == "relay")
            #expect(letter.headers.string(named: DeadLetterHeader.originTopic) == input)
            let offset = letter.headers.string(named: DeadLetterHeader.originOffset).flatMap(Int64.init)
            #expect(offset != nil && offset! >= 0)
            #expect(letter.headers.string(named: "eyh.source") == "test", "the original headers are kept")
        }
    }

    @Test("SIGTERM while busy commits the open transaction and exits 0; a restart carries on without duplicates")
    func gracefulShutdownCommitsOpenWork() async throws {
        let input = uniqueTopic("input"), output = uniqueTopic("output"), deadLetter = uniqueTopic("dlq")
        for topic in [input, output, deadLetter] { try await createTopic(topic, partitions: 2) }
        let total = 40_000
        let producer = try await makeProducer()
        let tally = DeliveryTally()
        try await producer.enqueue(
            contentsOf: (0..<total).map { ProducerMessage(topic: input, key: "key-\($0)", value: "record-\($0)") }, tally: tally)
        try await producer.flush()
        await producer.close()
        #expect(tally.delivered == total)

        let bootstrap = try await TestBroker.broker().bootstrapServers
        let arguments = [
            "relay", "--bootstrap-servers", bootstrap, "--input", input, "--output", output, "--dead-letter", deadLetter,
            "--group", "relay-\(input)", "--transaction-records", "500", "--log-level", "error",
        ]
        let probe = try await makeConsumer(group: "relay-\(input)")
        let partitions = (0..<2).map { TopicPartition(topic: input, partition: Int32($0)) }
        @Sendable func committedInputs() async -> Int64 {
            ((try? await probe.committed(partitions)) ?? [:]).values.reduce(0) { $0 + ($1 ?? 0) }
        }

        let first = try EyhubProcess(arguments)
        let busy = await eventually(timeout: .seconds(60)) { await committedInputs() >= 1_000 }
        first.signal(SIGTERM)
        let stopped = await first.wait(timeout: .seconds(30))
        let afterStop = await committedInputs()
        #expect(busy)
        #expect(stopped.status == 0, "SIGTERM ends the relay with status 0: \(stopped.output.suffix(300))")
        // The relay reports how many records it took in; every one of them must be committed.
        let reported = stopped.output.split(separator: "\n").first { $0.hasPrefix("relay stopped:") }
        let recordsIn = reported.flatMap { $0.split(separator: " ").dropFirst(2).first }.flatMap { Int64($0) }
        #expect(recordsIn != nil && recordsIn == afterStop, "records taken in (\(recordsIn ?? -1)) equal offsets committed (\(afterStop))")
        #expect(afterStop < Int64(total), "the stop should land before the relay finished")

        let second = try EyhubProcess(arguments)
        let finished = await eventually(timeout: .seconds(120)) { await committedInputs() == Int64(total) }
        second.signal(SIGTERM)
        _ = await second.wait(timeout: .seconds(30))
        await probe.close()
        #expect(finished)

        let reader = try await makeConsumer(group: "check-\(output)", isolation: .readCommitted)
        try reader.subscribe(topics: [output])
        let relayed = await drain(reader, quietPeriod: .seconds(5))
        await reader.close()
        #expect(relayed.count == total, "nothing doubled across the graceful restart: \(relayed.count)")
        #expect(Set(relayed.compactMap(\.valueString)).count == total, "nothing lost")
    }
}
