/// One statement of an IAM identity-based policy: an effect over a set of actions and resources.
///
/// `Action` / `NotAction` and `Resource` / `NotResource` are mutually exclusive; a `Not…` list names everything
/// except its patterns. `Sid` is kept for messages only; `Condition` is refused when the document is loaded.
public struct PolicyStatement: Sendable, Hashable {
    /// `Allow` or `Deny`.
    public enum Effect: String, Sendable, Hashable {
        case allow = "Allow"
        case deny = "Deny"
    }

    /// A list of patterns, or everything except them (`NotAction`, `NotResource`).
    public struct Selector: Sendable, Hashable {
        /// The patterns as written.
        public var patterns: [PolicyPattern]
        /// `true` for `NotAction` / `NotResource`.
        public var negated: Bool

        /// A selector from its parts.
        public init(patterns: [PolicyPattern], negated: Bool = false) {
            self.patterns = patterns
            self.negated = negated
        }

        /// Whether the selector names `value`.
        public func selects(_ value: String) -> Bool {
            patterns.contains { $0.matches(value) } != negated
        }
    }

    /// The statement's `Sid`, if any.
    public var sid: String?
    /// Allow or deny.
    public var effect: Effect
    /// `Action` or `NotAction`.
    public var actions: Selector
    /// `Resource` or `NotResource`.
    public var resources: Selector

    /// A statement from its parts.
    public init(sid: String? = nil, effect: Effect, actions: Selector, resources: Selector) {
        self.sid = sid
        self.effect = effect
        self.actions = actions
        self.resources = resources
    }

    /// Whether this statement applies to a request for `action` on `resource`.
    public func applies(action: String, resource: String) -> Bool {
        actions.selects(action) && resources.selects(resource)
    }
}
