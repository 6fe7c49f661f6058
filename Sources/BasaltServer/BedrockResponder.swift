import BasaltAPI
import BasaltCore
import BasaltWire
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The one HTTP responder: assigns the request id, splits the raw path, dispatches on the route table and
/// renders every failure as an AWS error (never a dropped connection or an unrendered 500).
struct BedrockResponder: HTTPResponder {
    typealias Context = ConnectionContext

    let configuration: ServerConfiguration
    let authenticator: Authenticator
    let runtime: RuntimeController
    let invoke: InvokeController
    let controlPlane: ControlPlane?
    let isReady: @Sendable () -> Bool
    /// Per-credential request rate and open response streams (`ServerConfiguration.limits`).
    let limiter = CallerLimiter()

    func respond(to request: Request, context: Context) async throws -> Response {
        let requestId = UUID().uuidString.lowercased()
        var logger = context.logger
        logger[metadataKey: "request_id"] = .string(requestId)
        do {
            let (api, caller) = try await decode(request, requestId: requestId)
            // The caller's identity-based policy, then its request rate: before the request is acted on.
            try await policy.authorize(caller, api, controlPlane: controlPlane != nil)
            let route = Route(method: request.method.rawValue, segments: api.segments)
            let callerLimits = limits(of: caller)
            if route != .health { try limiter.admit(caller.limitKey, limits: callerLimits) }
            if let controlPlane, let answer = try await controlPlane.handle(api) {
                return render(answer, requestId: requestId, logger: logger)
            }
            guard let route else {
                throw AWSError(code: "UnknownOperationException", status: 404, message: "The requested operation is not supported.")
            }
            logger.debug("request", metadata: ["route": "\(route)"])
            let slot = route.isResponseStream ? try limiter.openStream(caller.limitKey, limits: callerLimits) : nil
            // A client that gives up on a whole-response generation cancels it (streams stop at their next write).
            let response =
                route.isWholeResponseGeneration
                ? try await context.untilDisconnected { [logger] in try await dispatch(route, api, logger: logger) }
                : try await dispatch(route, api, logger: logger)
            return render(response.holding(slot), requestId: requestId, logger: logger)
        } catch let error as AWSError {
            return render(error, requestId: requestId)
        } catch let error as BackendError {
            return render(BedrockError.from(error), requestId: requestId)
        } catch let gone as ClientGone {
            logger.debug("client disconnected; generation cancelled")
            return render(gone.awsError, requestId: requestId)
        } catch {
            logger.error("unhandled error", metadata: ["error": "\(error)"])
            return render(BedrockError.internalServer(), requestId: requestId)
        }
    }

    func dispatch(_ route: Route, _ req: APIRequest, logger: Logger) async throws -> APIResponse {
        switch route {
        case .health:
            guard isReady() else {
                throw BedrockError.serviceUnavailable("Basalt is loading its models.")
            }
            return .json(status: 200, ["status": "ok"])
        case .converse(let id): return try await runtime.converse(req, modelId: id, streaming: false, logger: logger)
        case .converseStream(let id): return try await runtime.converse(req, modelId: id, streaming: true, logger: logger)
        case .countTokens(let id): return try await runtime.countTokens(req, modelId: id)
        case .invokeModel(let id): return try await invoke.invoke(req, modelId: id, streaming: false)
        case .invokeModelStream(let id): return try await invoke.invoke(req, modelId: id, streaming: true)
        }
    }

    /// The request as the controllers see it, and who sent it.
    func decode(_ request: Request, requestId: String) async throws -> (APIRequest, CallerIdentity) {
        let segments: [String]
        do { segments = try PathSegments.split(request.uri.path) } catch {
            throw BedrockError.validation("The request path is not valid: \(error)")
        }
        // Who is calling (§12): the head is checked before the body is read, the signature after.
        let pendingAuth = try await authenticator.begin(request)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        var query: [String: String] = [:]
        // Repeated members (`?tagKeys=a&tagKeys=b`) are joined with commas.
        for (k, v) in request.uri.queryParameters {
            let key = String(k)
            query[key] = query[key].map { $0 + "," + String(v) } ?? String(v)
        }
        let buffer = try await BodyDeadline(timeout: configuration.bodyTimeout).collect(
            request.body, upTo: configuration.maxBodyBytes)
        let caller = try pendingAuth.finish(body: Array(buffer.readableBytesView))
        let api = APIRequest(
            method: request.method.rawValue, segments: segments, query: query, headers: headers,
            body: Array(buffer.readableBytesView), requestId: requestId)
        return (api, caller)
    }

    func render(_ response: APIResponse, requestId: String, logger: Logger) -> Response {
        switch response {
        case .json(let status, let json, let extra):
            return Response(
                status: .init(code: status), headers: fields([("Content-Type", "application/json")] + extra, requestId),
                body: .init(byteBuffer: ByteBuffer(bytes: json.serializedBytes)))
        case .bytes(let status, let contentType, let bytes, let extra):
            return Response(
                status: .init(code: status), headers: fields([("Content-Type", contentType)] + extra, requestId),
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        case .eventStream(let extra, let frames):
            let headers = fields([("Content-Type", "application/vnd.amazon.eventstream")] + extra, requestId)
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                // Frames are flushed one by one; a write that fails means the client went away, and leaving
                // the loop drops the generation stream, which cancels generation.
                var failure: AWSError?
                do {
                    for try await frame in frames {
                        do { try await writer.write(ByteBuffer(bytes: frame.encode())) } catch { return }  // client gone
                    }
                } catch let error as AWSError {
                    failure = error
                } catch let error as BackendError {
                    failure =
                        error.code == .modelFailure
                        ? BedrockError.modelStreamError(error.message, originalStatusCode: 500, originalMessage: error.message)
                        : BedrockError.from(error)
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("stream ended with an error", metadata: ["error": "\(error)"])
                    failure = BedrockError.internalServer()
                }
                if let failure { try await writer.write(ByteBuffer(bytes: failure.exceptionMessage().encode())) }
                try await writer.finish(nil)
            })
        }
    }

    func render(_ error: AWSError, requestId: String) -> Response {
        Response(
            status: .init(code: error.status), headers: fields(error.responseHeaders.map { ($0.name, $0.value) }, requestId),
            body: .init(byteBuffer: ByteBuffer(bytes: error.responseBody)))
    }

    func fields(_ pairs: [(String, String)], _ requestId: String) -> HTTPFields {
        var f = HTTPFields()
        for (name, value) in pairs + [("x-amzn-RequestId", requestId)] {
            if let n = HTTPField.Name(name) { f.append(HTTPField(name: n, value: value)) }
        }
        return f
    }
}
