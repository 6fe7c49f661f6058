/// A runtime `modelId` (InvokeModel / Converse path label, already percent-decoded) classified into the forms of
/// `InvokeModelIdentifier` (bedrock-runtime 2023-09-30; spec §9.1), with its parts extracted. Pure: no catalog or
/// store lookup happens here — `Catalog.resolve` does the catalog-backed kinds, the store the stateful ones.
public enum ModelIdentifier: Sendable, Hashable {
    /// Base model ID (`arn == nil`) or foundation-model ARN.
    case foundationModel(modelId: String, arn: ResourceARN?)
    /// System-defined (cross-region) inference profile, by ID (`arn == nil`) or `inference-profile` ARN.
    case systemProfile(profileId: String, geo: InferenceGeo, modelId: String, arn: ResourceARN?)
    /// `application-inference-profile/{id}` ARN.
    case applicationProfile(profileId: String, arn: ResourceARN)
    /// `provisioned-model/{12}` ARN.
    case provisionedModel(id: String, arn: ResourceARN)
    /// `custom-model/{base model ID | imported}/{12}` ARN; `baseModelId` is nil for `imported`.
    case customModel(baseModelId: String?, id: String, arn: ResourceARN)
    /// `custom-model-deployment/{12}` ARN (on-demand custom models).
    case customModelDeployment(id: String, arn: ResourceARN)
    /// `imported-model/{12}` ARN (Custom Model Import).
    case importedModel(id: String, arn: ResourceARN)
    /// Prompt-management `prompt/{10}[:version]` ARN; `version == nil` means the DRAFT.
    case prompt(id: String, version: Int?, arn: ResourceARN)
    /// `prompt-router/{name}` or `default-prompt-router/{name}` ARN.
    case promptRouter(name: String, isDefault: Bool, arn: ResourceARN)
    /// SageMaker `endpoint/{name}` ARN (Marketplace models).
    case marketplaceEndpoint(name: String, arn: ResourceARN)
    /// Not a model identifier: answer `ValidationException` "The provided model identifier is invalid.".
    case invalid(InvalidReason)

    /// Why an identifier was rejected (diagnostics only; the wire message is always the same).
    public enum InvalidReason: String, Sendable, Hashable, CaseIterable {
        /// Empty string.
        case empty
        /// Longer than 2048 characters.
        case tooLong
        /// Starts with `arn:` but is not a well-formed ARN of a supported partition/service/region/account.
        case malformedARN
        /// An ARN resource type a model identifier cannot name.
        case unsupportedResourceType
        /// The resource part of a known ARN type does not match its pattern.
        case malformedResource
        /// Neither a base model ID nor a profile ID.
        case malformedModelId
    }

    /// The kind of identifier, for dispatch, logging and tests.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case baseModelId, foundationModelARN, systemProfileId, systemProfileARN, applicationProfileARN
        case provisionedModelARN, customModelARN, customModelDeploymentARN, importedModelARN, promptARN
        case promptRouterARN, marketplaceEndpointARN, invalid
    }

    /// Classifies `raw`. Never throws; garbage becomes `.invalid`.
    public init(parsing raw: String) {
        if raw.isEmpty { self = .invalid(.empty); return }
        if raw.utf8.count > 2048 { self = .invalid(.tooLong); return }
        if raw.hasPrefix("arn:") { self = Self.classify(arnText: raw); return }
        if let geo = InferenceGeo.matchingPrefix(of: raw) {
            let rest = String(raw.dropFirst(geo.prefix.count))
            if Self.isBaseModelId(rest) {
                self = .systemProfile(profileId: raw, geo: geo, modelId: rest, arn: nil)
                return
            }
        }
        self = Self.isBaseModelId(raw) ? .foundationModel(modelId: raw, arn: nil) : .invalid(.malformedModelId)
    }

    /// The kind of this identifier.
    public var kind: Kind {
        switch self {
        case .foundationModel(_, let arn): arn == nil ? .baseModelId : .foundationModelARN
        case .systemProfile(_, _, _, let arn): arn == nil ? .systemProfileId : .systemProfileARN
        case .applicationProfile: .applicationProfileARN
        case .provisionedModel: .provisionedModelARN
        case .customModel: .customModelARN
        case .customModelDeployment: .customModelDeploymentARN
        case .importedModel: .importedModelARN
        case .prompt: .promptARN
        case .promptRouter: .promptRouterARN
        case .marketplaceEndpoint: .marketplaceEndpointARN
        case .invalid: .invalid
        }
    }

    /// The parsed ARN, for ARN forms.
    public var arn: ResourceARN? {
        switch self {
        case .foundationModel(_, let arn), .systemProfile(_, _, _, let arn): arn
        case .applicationProfile(_, let arn), .provisionedModel(_, let arn), .customModel(_, _, let arn),
             .customModelDeployment(_, let arn), .importedModel(_, let arn), .prompt(_, _, let arn),
             .promptRouter(_, _, let arn), .marketplaceEndpoint(_, let arn):
            arn
        case .invalid: nil
        }
    }

    /// Whether the catalog alone can resolve this identifier (base model / system profile forms).
    public var isCatalogBacked: Bool {
        switch self {
        case .foundationModel, .systemProfile: true
        default: false
        }
    }

    // MARK: - ARN forms

    private static func classify(arnText: String) -> ModelIdentifier {
        guard let arn = ResourceARN(arnText), isPartition(arn.partition), isRegion(arn.region) else {
            return .invalid(.malformedARN)
        }
        let id = arn.resourceId
        if arn.service == "sagemaker" {
            guard arn.partition == "aws", isAccount(arn.account), arn.resourceType == "endpoint" else {
                return .invalid(.malformedARN)
            }
            return matches(id, 1...2048, alphabet: .nameChars) ? .marketplaceEndpoint(name: id, arn: arn)
                                                               : .invalid(.malformedResource)
        }
        guard arn.service == "bedrock" else { return .invalid(.malformedARN) }
        if arn.resourceType == "foundation-model" {
            guard arn.account.isEmpty else { return .invalid(.malformedARN) }
            return isBaseModelId(id) ? .foundationModel(modelId: id, arn: arn) : .invalid(.malformedResource)
        }
        guard isAccount(arn.account) else { return .invalid(.malformedARN) }
        switch arn.resourceType {
        case "inference-profile":
            guard let geo = InferenceGeo.matchingPrefix(of: id) else { return .invalid(.malformedResource) }
            let modelId = String(id.dropFirst(geo.prefix.count))
            return isBaseModelId(modelId) ? .systemProfile(profileId: id, geo: geo, modelId: modelId, arn: arn)
                                          : .invalid(.malformedResource)
        case "application-inference-profile":
            return matches(id, 1...64, alphabet: .profileChars) ? .applicationProfile(profileId: id, arn: arn)
                                                                : .invalid(.malformedResource)
        case "provisioned-model":
            return isShortId(id) ? .provisionedModel(id: id, arn: arn) : .invalid(.malformedResource)
        case "custom-model-deployment":
            return isShortId(id) ? .customModelDeployment(id: id, arn: arn) : .invalid(.malformedResource)
        case "imported-model":
            return isShortId(id) ? .importedModel(id: id, arn: arn) : .invalid(.malformedResource)
        case "custom-model":
            guard let slash = id.lastIndex(of: "/") else { return .invalid(.malformedResource) }
            let base = String(id[..<slash]), short = String(id[id.index(after: slash)...])
            guard isShortId(short), base == "imported" || isBaseModelId(base) else { return .invalid(.malformedResource) }
            return .customModel(baseModelId: base == "imported" ? nil : base, id: short, arn: arn)
        case "prompt":
            let parts = id.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2, parts[0].utf8.count == 10, matches(parts[0], 10...10, alphabet: .alnum)
            else { return .invalid(.malformedResource) }
            if parts.count == 1 { return .prompt(id: String(parts[0]), version: nil, arn: arn) }
            guard matches(parts[1], 1...5, alphabet: .digits), let version = Int(parts[1]) else {
                return .invalid(.malformedResource)
            }
            return .prompt(id: String(parts[0]), version: version, arn: arn)
        case "prompt-router", "default-prompt-router":
            return matches(id, 1...2048, alphabet: .profileChars)
                ? .promptRouter(name: id, isDefault: arn.resourceType == "default-prompt-router", arn: arn)
                : .invalid(.malformedResource)
        default:
            return .invalid(.unsupportedResourceType)
        }
    }

    // MARK: - Lexical rules (patterns of bedrock / bedrock-runtime service models)

    /// `[a-z0-9-]{1,63}[.]([a-z0-9-]{1,63}[.]){0,2}[a-z0-9-]{1,63}([:][a-z0-9-]{1,63}){0,2}`, at most 140 long
    /// (`FoundationModelArn` resource / `BedrockModelId`).
    public static func isBaseModelId(_ text: String) -> Bool {
        guard text.utf8.count <= 140 else { return false }
        let colonParts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(colonParts.count) else { return false }
        let dotted = colonParts[0].split(separator: ".", omittingEmptySubsequences: false)
        guard (2...4).contains(dotted.count) else { return false }
        let segments = Array(dotted) + colonParts.dropFirst()
        return segments.allSatisfy { matches($0, 1...63, alphabet: .lowerSegment) }
    }

    /// `[a-z0-9]{12}`: provisioned / imported / custom / deployment IDs.
    static func isShortId(_ text: String) -> Bool { matches(text, 12...12, alphabet: .lowerAlnum) }

    /// `aws` or `aws-…` (`arn:aws(-[^:]+)?`).
    static func isPartition(_ text: String) -> Bool {
        text == "aws" || (text.hasPrefix("aws-") && text.utf8.count > 4)
    }

    /// `[a-z0-9-]{1,20}`.
    static func isRegion(_ text: String) -> Bool { matches(text, 1...20, alphabet: .lowerSegment) }

    /// `[0-9]{12}`.
    static func isAccount(_ text: String) -> Bool { matches(text, 12...12, alphabet: .digits) }

    enum Alphabet {
        case lowerSegment, lowerAlnum, alnum, digits, nameChars, profileChars

        func contains(_ byte: UInt8) -> Bool {
            let lower = (0x61...0x7A).contains(byte), upper = (0x41...0x5A).contains(byte)
            let digit = (0x30...0x39).contains(byte), dash = byte == 0x2D
            switch self {
            case .lowerSegment: return lower || digit || dash
            case .lowerAlnum: return lower || digit
            case .alnum: return lower || upper || digit
            case .digits: return digit
            case .nameChars: return lower || upper || digit || dash
            case .profileChars: return lower || upper || digit || dash || byte == 0x3A || byte == 0x2E
            }
        }
    }

    static func matches(_ text: some StringProtocol, _ length: ClosedRange<Int>, alphabet: Alphabet) -> Bool {
        let bytes = text.utf8
        return length.contains(bytes.count) && bytes.allSatisfy(alphabet.contains)
    }
}
