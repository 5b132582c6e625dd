import HubRuntime
import Kafka
import Testing

@Suite("The topic catalog")
struct HubTopicsTests {
    @Test("core topics are unique, versioned and under the eyh. prefix")
    func namesAreWellFormed() {
        let names = HubTopics.core().map(\.name)
        #expect(Set(names).count == names.count)
        for name in names {
            #expect(name.hasPrefix("eyh."), "\(name)")
            #expect(name.hasSuffix(".v1"), "\(name)")
        }
    }

    @Test("the crosswalk and every stage's state are compacted; the audit log is kept forever")
    func configs() {
        let byName = Dictionary(uniqueKeysWithValues: HubTopics.core().map { ($0.name, $0) })
        #expect(byName[HubTopics.identity]?.config["cleanup.policy"] == "compact")
        for stage in HubTopics.stages {
            #expect(byName[HubTopics.state(stage: stage)]?.config["cleanup.policy"] == "compact")
            #expect(byName[HubTopics.deadLetter(stage)] != nil)
        }
        #expect(byName[HubTopics.audit]?.config["retention.ms"] == "-1")
        #expect(byName[HubTopics.events]?.config.isEmpty == true)
    }

    @Test("partition count and replication factor apply to every core topic")
    func sizing() {
        for topic in HubTopics.core(partitions: 12, replicationFactor: 3) {
            #expect(topic.partitions == (HubTopics.singlePartition.contains(topic.name) ? 1 : 12), "\(topic.name)")
            #expect(topic.replicationFactor == 3)
        }
    }

    @Test("an adapter's raw topic has a short retention and its dead letters a topic of their own")
    func adapterTopics() {
        let topics = HubTopics.adapterTopics("leeds-hv")
        #expect(topics.map(\.name) == ["eyh.raw.leeds-hv.v1", "eyh.dlq.leeds-hv.v1"])
        #expect(topics[0].config["retention.ms"] == String(7 * 24 * 3600 * 1000))
    }
}
