import BasaltCore
import BasaltWire

extension BedrockError {
    /// Maps a backend failure to the Bedrock error a client would see (§2.2–2.3).
    public static func from(_ error: BackendError) -> AWSError {
        switch error.code {
        case .inputTooLong: validation(error.message)
        case .overloaded: throttling(error.message)
        case .invalidRequest: validation(error.message)
        case .modelFailure: modelError(error.message)
        case .cancelled: internalServer(error.message)
        }
    }
}
