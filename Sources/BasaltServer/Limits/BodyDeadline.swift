import BasaltAPI
import BasaltWire
import Hummingbird
import NIOCore

/// Reads a request body within a size cap and a time limit, so a client that trickles its body cannot hold a
/// connection (and a task) open indefinitely; the 60 s idle timeout alone resets on every byte that arrives.
struct BodyDeadline {
    /// Time allowed for the whole body.
    var timeout: Duration

    /// The body, or `RequestTimeoutException` (408) when it takes longer than `timeout`, or Bedrock's
    /// too-long `ValidationException` when it exceeds `limit` bytes.
    func collect(_ body: RequestBody, upTo limit: Int) async throws -> ByteBuffer {
        try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask {
                do { return try await body.collect(upTo: limit) } catch is CancellationError { return nil } catch is NIOTooManyBytesError {
                    throw BedrockError.validation(
                        "Input is too long for requested model. The request body exceeds \(limit) bytes.")
                } catch {
                    // The connection ended before the body did (the answer is rarely seen).
                    throw BedrockError.validation("The request body is incomplete.")
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let buffer = first else {
                // Unverified wording: AWS front ends answer a stalled upload with a 408.
                throw AWSError(
                    code: "RequestTimeoutException", status: 408,
                    message: "The request body was not received within \(timeout.components.seconds) seconds.")
            }
            return buffer
        }
    }
}
