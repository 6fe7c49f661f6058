// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "basalt",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "basalt", targets: ["basalt"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // Own SIMD kernels (AVX2/FMA/F16C with runtime dispatch, portable fallback). Always optimised.
        .target(
            name: "CBasaltKernels",
            cSettings: [.unsafeFlags(["-O3"])]
        ),
        // Canonical conversation model, generation events, backend protocols. Foundation only, no I/O.
        .target(name: "BasaltCore", swiftSettings: strict),
        // AWS wire conventions: event-stream codec, errors, JSON/timestamp/blob conventions.
        .target(
            name: "BasaltWire",
            dependencies: ["BasaltCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // Per-API-family wire shapes, pure translators, stream encoders.
        .target(name: "BasaltAPI", dependencies: ["BasaltCore", "BasaltWire"], swiftSettings: strict),
        // In-process inference: GGUF, tokenizers, chat templates, kernels, scheduler.
        .target(name: "BasaltEngine", dependencies: ["BasaltCore", "CBasaltKernels"],
                swiftSettings: strict + [.unsafeFlags(["-Ounchecked"])]),
        // Persistent state: store protocols (no I/O here) and the SQLite implementation.
        .target(name: "BasaltStore", dependencies: ["BasaltCore"], swiftSettings: strict),
        .target(
            name: "BasaltStoreSQLite",
            dependencies: ["BasaltStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // HTTP server: the only place that imports Hummingbird.
        .target(
            name: "BasaltServer",
            dependencies: [
                "BasaltCore", "BasaltWire", "BasaltAPI", "BasaltStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "basalt",
            dependencies: [
                "BasaltServer", "BasaltEngine", "BasaltStoreSQLite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Server-overhead benchmark: the HTTP stack in front of a backend that answers at once.
        .executableTarget(
            name: "basalt-bench-server",
            dependencies: ["BasaltServer", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: strict
        ),
        .testTarget(name: "BasaltWireTests", dependencies: ["BasaltWire"], exclude: ["SigV4/botocore_cases.py"]),
        .testTarget(name: "BasaltStoreTests", dependencies: ["BasaltStoreSQLite", "BasaltServer"]),
        // Fixtures (JSON, templates, reference scripts) are read through #filePath, not bundled.
        .testTarget(name: "BasaltAPITests", dependencies: ["BasaltAPI"], exclude: ["Invoke/Fixtures"]),
        .testTarget(
            name: "BasaltEngineTests", dependencies: ["BasaltEngine"],
            exclude: [
                "Fixtures", "Tokenizer/Fixtures", "Template/Fixtures", "Embeddings/Fixtures",
                "Embeddings/reference_embed.py",
            ]
        ),
        .testTarget(
            name: "BasaltServerTests",
            dependencies: [
                "BasaltServer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ]
)
