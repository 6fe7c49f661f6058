extension BedrockResponder {
    /// The server-wide limits with the caller's credentials-file overrides applied.
    func limits(of caller: CallerIdentity) -> CallerLimits {
        configuration.limits.applying(caller.accessKeyId.flatMap { authenticator.credentials.entry(forAccessKey: $0)?.limits })
    }
}

extension CallerIdentity {
    /// What limits are counted per: the access key, else the API key id, else the caller's name (`anonymous`).
    var limitKey: String { accessKeyId ?? apiKeyId.map { "apikey:" + $0 } ?? name }
}

extension APIResponse {
    /// This response holding `slot` until its event stream ends; any other response gives the slot back now.
    func holding(_ slot: StreamSlot?) -> APIResponse {
        guard let slot else { return self }
        guard case .eventStream(let headers, let frames) = self else {
            slot.release()
            return self
        }
        return .eventStream(headers: headers, frames: SlotHoldingFrames(base: frames, slot: slot))
    }
}
