import BasaltWire

extension AWSError {
    /// A bearer token that starts with neither `ABSK` nor `bedrock-api-key-` (§12.6). Real Bedrock answers 403
    /// with a capitalised `Message` member; botocore reports the code of `x-amzn-ErrorType`,
    /// `AccessDeniedException`.
    public static func apiKeyInvalidFormat() -> AWSError {
        AWSError(
            code: "AccessDeniedException", status: 403,
            message: "Invalid API Key format: Must start with pre-defined prefix", messageKey: "Message",
            errorTypeNamespace: SigV4Error.coralServiceNamespace)
    }

    /// A well-prefixed bearer token that does not authenticate: unknown, revoked or expired long-term key,
    /// wrong secret, or a short-term key whose signature, time window, region or signer is wrong (§12.6).
    public static func apiKeyAuthenticationFailed() -> AWSError {
        AWSError(
            code: "AccessDeniedException", status: 403,
            message: "Authentication failed: Please make sure your API Key is valid.", messageKey: "Message",
            errorTypeNamespace: SigV4Error.coralServiceNamespace)
    }
}
