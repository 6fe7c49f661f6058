import Foundation

extension FoundationModel {
    /// `ModelModality`. botocore models TEXT/IMAGE/EMBEDDING; real responses also carry VIDEO (Nova Reel,
    /// Nova Lite/Pro input) and SPEECH (Nova Sonic), so the raw value is kept open.
    public struct Modality: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        /// Wire string, e.g. `TEXT`.
        public var rawValue: String
        /// Wraps a wire string.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// `TEXT`
        public static let text = Modality(rawValue: "TEXT")
        /// `IMAGE`
        public static let image = Modality(rawValue: "IMAGE")
        /// `EMBEDDING`
        public static let embedding = Modality(rawValue: "EMBEDDING")
        /// `VIDEO` (observed, not in the botocore enum)
        public static let video = Modality(rawValue: "VIDEO")
        /// `SPEECH` (observed, not in the botocore enum)
        public static let speech = Modality(rawValue: "SPEECH")
        /// The wire string.
        public var description: String { rawValue }
    }

    /// `ModelCustomization`.
    public enum Customization: String, Sendable, Hashable, Codable, CaseIterable {
        /// `FINE_TUNING`
        case fineTuning = "FINE_TUNING"
        /// `CONTINUED_PRE_TRAINING`
        case continuedPreTraining = "CONTINUED_PRE_TRAINING"
        /// `DISTILLATION`
        case distillation = "DISTILLATION"
    }

    /// `InferenceType`. `INFERENCE_PROFILE` is not in the botocore enum but is what real
    /// `ListFoundationModels` returns for profile-only models (spec §10.3).
    public enum InferenceType: String, Sendable, Hashable, Codable, CaseIterable {
        /// `ON_DEMAND`: callable by base ID / FM ARN.
        case onDemand = "ON_DEMAND"
        /// `PROVISIONED`: callable through provisioned throughput.
        case provisioned = "PROVISIONED"
        /// `INFERENCE_PROFILE`: callable only through an inference profile.
        case inferenceProfile = "INFERENCE_PROFILE"
    }

    /// `FoundationModelLifecycle`.
    public struct Lifecycle: Sendable, Hashable {
        /// `FoundationModelLifecycleStatus`.
        public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
            /// `ACTIVE`
            case active = "ACTIVE"
            /// `LEGACY`
            case legacy = "LEGACY"
        }
        /// `status`.
        public var status: Status
        /// `startOfLifeTime` (launch on Bedrock), when known.
        public var startOfLifeTime: Date?
        /// `legacyTime`, when known.
        public var legacyTime: Date?
        /// `endOfLifeTime`, when known.
        public var endOfLifeTime: Date?

        /// Creates a lifecycle.
        public init(status: Status, startOfLifeTime: Date? = nil, legacyTime: Date? = nil, endOfLifeTime: Date? = nil) {
            self.status = status
            self.startOfLifeTime = startOfLifeTime
            self.legacyTime = legacyTime
            self.endOfLifeTime = endOfLifeTime
        }

        /// An active model without known dates.
        public static let active = Lifecycle(status: .active)
        /// A legacy model without known dates.
        public static let legacy = Lifecycle(status: .legacy)
        /// An active model launched on the given UTC day.
        public static func active(since day: String) -> Lifecycle {
            Lifecycle(status: .active, startOfLifeTime: utcDay(day))
        }
        /// A legacy model launched on the given UTC day, with an optional end-of-life day.
        public static func legacy(since day: String, endOfLife: String? = nil) -> Lifecycle {
            Lifecycle(status: .legacy, startOfLifeTime: utcDay(day), endOfLifeTime: endOfLife.flatMap(utcDay))
        }

        /// Parses `YYYY-MM-DD` as midnight UTC without `Calendar` (days-from-civil).
        static func utcDay(_ text: String) -> Date? {
            let parts = text.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
            let month = parts[1], day = parts[2]
            let year = parts[0] - (month <= 2 ? 1 : 0)
            let era = (year >= 0 ? year : year - 399) / 400
            let yearOfEra = year - era * 400
            let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
            let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
            let days = era * 146_097 + dayOfEra - 719_468
            return Date(timeIntervalSince1970: TimeInterval(days) * 86_400)
        }
    }

    /// What a model produces; decides which runtime operations make sense for it.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Text generation (Converse, InvokeModel text bodies).
        case text
        /// Vector embeddings (InvokeModel only).
        case embedding
        /// Image generation (InvokeModel only).
        case image
        /// Video generation (StartAsyncInvoke only).
        case video
        /// Speech-to-speech (InvokeModelWithBidirectionalStream).
        case speech
    }
}
