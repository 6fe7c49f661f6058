/// The outcome of resolving a runtime `modelId` against the catalog (spec §9.2).
public enum Resolution: Sendable, Hashable {
    /// A catalog model serves the request; `profile` is the system profile it was reached through, if any.
    case model(FoundationModel, profile: InferenceProfile?)
    /// A base ID / FM ARN of a model without `ON_DEMAND`: answer `ValidationException` with
    /// `onDemandNotSupportedMessage` (profile-only models) or `provisionedOnlyMessage`.
    case onDemandNotSupported(FoundationModel, requestedId: String)
    /// A stateful kind (application profile, provisioned / custom / imported model, prompt, prompt router,
    /// marketplace endpoint): the store must look it up.
    case stateful(ModelIdentifier)
    /// Garbage, or well-formed but unknown: answer `ValidationException` "The provided model identifier is invalid."
    case invalid(ModelIdentifier.InvalidReason?)

    /// The catalog model, when resolution reached one.
    public var model: FoundationModel? {
        if case .model(let model, _) = self { return model }
        return nil
    }

    /// The `ValidationException` message to answer with, or nil when the request can proceed (or needs the store).
    public var validationMessage: String? {
        switch self {
        case .model, .stateful:
            nil
        case .onDemandNotSupported(let model, let requestedId):
            model.isProfileOnly ? Self.onDemandNotSupportedMessage(modelId: requestedId) : Self.provisionedOnlyMessage
        case .invalid:
            Self.invalidIdentifierMessage
        }
    }

    /// Exact text of real Bedrock for an unknown or malformed model ID (spec §2.3).
    public static let invalidIdentifierMessage = "The provided model identifier is invalid."

    /// Exact text of real Bedrock for a profile-only model called by base ID (spec §2.3; `’` is U+2019).
    public static func onDemandNotSupportedMessage(modelId: String) -> String {
        "Invocation of model ID \(modelId) with on-demand throughput isn\u{2019}t supported. "
            + "Retry your request with the ID or ARN of an inference profile that contains this model."
    }

    /// Message for a provisioned-only variant (`…:200k`) called on demand. Wording unverified.
    public static let provisionedOnlyMessage = "The provided model doesn't support on-demand throughput."
}
