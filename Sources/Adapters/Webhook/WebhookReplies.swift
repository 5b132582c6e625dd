import Foundation
import Hummingbird

/// The JSON bodies the webhook answers with: machine-readable, and never quoting the request.
enum WebhookReply {
    /// 202: every record made from the body was acknowledged by Kafka.
    struct Accepted: Encodable {
        var requestID: String
        var events: Int
        var skipped: Int
        var deadLetters: Int
        var eventIDs: [String]

        enum CodingKeys: String, CodingKey {
            case requestID = "request_id"
            case events, skipped
            case deadLetters = "dead_letters"
            case eventIDs = "event_ids"
        }
    }

    /// Every error: `{"error": {"rule", "reason", "position"}, "request_id"}`.
    struct Failure: Encodable {
        var error: DocumentFailure
        var requestID: String

        enum CodingKeys: String, CodingKey {
            case error
            case requestID = "request_id"
        }
    }

    static func accepted(_ summary: DocumentSummary, requestID: String) -> Response {
        json(.accepted, Accepted(
            requestID: requestID, events: summary.events, skipped: summary.skipped,
            deadLetters: summary.deadLetters, eventIDs: summary.eventIDs))
    }

    static func failure(_ status: HTTPResponse.Status, _ failure: DocumentFailure, requestID: String, headers: HTTPFields = [:]) -> Response {
        json(status, Failure(error: failure, requestID: requestID), headers: headers)
    }

    static func json(_ status: HTTPResponse.Status, _ body: some Encodable, headers: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain structs cannot fail; an empty object is still valid JSON if it did.
        let bytes = (try? encoder.encode(body)) ?? Data("{}".utf8)
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

extension DocumentFailure {
    static let unauthorized = DocumentFailure(rule: "auth.invalid", reason: "missing or invalid credentials")
    static let brokerUnavailable = DocumentFailure(rule: "kafka.unavailable", reason: "the broker did not acknowledge the records; retry later")
}
