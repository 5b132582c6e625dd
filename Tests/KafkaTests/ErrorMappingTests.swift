import CRdKafka
import Testing

@testable import Kafka

@Suite("Error mapping")
struct ErrorMappingTests {
    @Test("a delivery time-out is a retriable time-out carrying librdkafka's code and name")
    func timeout() {
        let error = KafkaError(RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, context: "delivering to t")
        #expect(error.category == .timeout)
        #expect(error.isRetriable)
        #expect(error.code == RD_KAFKA_RESP_ERR__MSG_TIMED_OUT.rawValue)
        #expect(error.codeName == "_MSG_TIMED_OUT")
        #expect(error.message.hasPrefix("delivering to t: "))
        #expect(error.hasCode(RD_KAFKA_RESP_ERR__MSG_TIMED_OUT))
    }

    @Test("a fenced producer is fatal and not retriable")
    func fenced() {
        let error = KafkaError(RD_KAFKA_RESP_ERR_PRODUCER_FENCED)
        #expect(error.category == .fatal)
        #expect(!error.isRetriable)
    }

    @Test("a broker refusal is a client error with the broker's text")
    func brokerRefusal() {
        let error = KafkaError(RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
        #expect(error.category == .client)
        #expect(!error.isRetriable)
        #expect(error.codeName == "TOPIC_ALREADY_EXISTS")
        #expect(error.description.contains("TOPIC_ALREADY_EXISTS"))
        #expect(error.description.contains("(36)"))
    }

    @Test("a transport failure is retriable")
    func transport() {
        #expect(KafkaError(RD_KAFKA_RESP_ERR__TRANSPORT).isRetriable)
        #expect(KafkaError(RD_KAFKA_RESP_ERR_NOT_COORDINATOR).isRetriable)
    }

    @Test("a closed client says so")
    func closed() {
        #expect(KafkaError.closed.category == .closed)
        #expect(KafkaError.closed.code == nil)
    }
}
