/// The outcome of evaluating identity-based policies for one action on one resource, in IAM's order: an explicit
/// `Deny` wins over any `Allow`; without a matching `Allow` the request is implicitly denied.
public enum PolicyDecision: Sendable, Hashable {
    /// A statement allows the request and none denies it.
    case allowed
    /// No statement allows the request.
    case implicitDeny
    /// A `Deny` statement matches the request.
    case explicitDeny
}
