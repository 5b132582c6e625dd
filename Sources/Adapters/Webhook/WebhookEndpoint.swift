import Foundation
import Hummingbird
import Logging

/// Handles one POST to a webhook adapter: authenticate, read the body within its limit, map it,
/// publish, and answer only after Kafka acknowledged every record.
///
/// | status | when |
/// |---|---|
/// | 202 | every record acknowledged; the body counts events, skips and dead letters |
/// | 401 | credentials missing or wrong |
/// | 413 | the body is larger than `max_body_bytes` |
/// | 422 | the body cannot be parsed; it was dead-lettered (and acknowledged) |
/// | 503 | the broker did not acknowledge in time; nothing is promised, send again after `Retry-After` |
struct WebhookEndpoint: Sendable {
    let mapper: DocumentMapper
    let publisher: AdapterPublisher
    let authenticator: WebhookAuthenticator
    let maxBodyBytes: Int
    let logger: Logger
    /// Seconds a client should wait before retrying after a 503.
    let retryAfterSeconds = 5

    func handle(_ request: Request) async -> Response {
        let requestID = UUID().uuidString.lowercased()
        let header: (String) -> String? = { name in
            request.headers.first { $0.name.canonicalName == name.lowercased() }?.value
        }
        if !authenticator.needsBody, !authenticator.isAuthorized(header: header, body: []) {
            return unauthorized(requestID)
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodyBytes {
            return tooLarge(requestID)
        }
        let body: [UInt8]
        do {
            body = Array(try await request.body.collect(upTo: maxBodyBytes).readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            return tooLarge(requestID)
        } catch {
            logger.notice("request body could not be read", metadata: ["request_id": "\(requestID)"])
            return WebhookReply.failure(.badRequest, .unreadable, requestID: requestID)
        }
        if authenticator.needsBody, !authenticator.isAuthorized(header: header, body: body) {
            return unauthorized(requestID)
        }

        let document = mapper.map(body, origin: DocumentMapper.Origin(name: "request \(requestID)"))
        do {
            try await publisher.publish(document.messages)
        } catch {
            logger.warning("request refused: the broker did not acknowledge it", metadata: [
                "request_id": "\(requestID)", "kafka.error": "\(error.kafka.codeName ?? "\(error.kafka.category)")",
            ])
            return WebhookReply.failure(
                .serviceUnavailable, .brokerUnavailable, requestID: requestID, headers: [.retryAfter: String(retryAfterSeconds)])
        }
        let summary = document.summary
        if let failure = document.failure {
            logger.notice("request rejected and dead-lettered", metadata: ["request_id": "\(requestID)", "rule": "\(failure.rule)"])
            return WebhookReply.failure(.unprocessableContent, failure, requestID: requestID)
        }
        logger.notice("request published", metadata: [
            "request_id": "\(requestID)", "records": "\(summary.records)", "events": "\(summary.events)",
            "skipped": "\(summary.skipped)", "dead_letters": "\(summary.deadLetters)",
        ])
        return WebhookReply.accepted(summary, requestID: requestID)
    }

    private func unauthorized(_ requestID: String) -> Response {
        logger.notice("request refused: missing or invalid credentials", metadata: ["request_id": "\(requestID)"])
        return WebhookReply.failure(.unauthorized, .unauthorized, requestID: requestID, headers: [.wwwAuthenticate: "Bearer"])
    }

    private func tooLarge(_ requestID: String) -> Response {
        logger.notice("request refused: body too large", metadata: ["request_id": "\(requestID)"])
        return WebhookReply.failure(.contentTooLarge, .tooLarge(limit: maxBodyBytes), requestID: requestID)
    }
}
