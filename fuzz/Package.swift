// swift-tools-version:6.0
// libFuzzer harnesses for BasaltWire (event-stream decoder, SigV4 canonicalizer and signature parsing).
// Sources/BasaltCore and Sources/BasaltWire are symlinks to the main package's folders, so the harnesses
// always fuzz the code that ships. Build and run with `fuzz/run.sh` (not `swift build` directly: the
// sanitizer flags come from there). Only BasaltWire and the harnesses are instrumented.
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]
/// Coverage-guided instrumentation plus AddressSanitizer (libFuzzer's `-sanitize=fuzzer,address`).
let instrumented: [SwiftSetting] = [.unsafeFlags(["-sanitize=fuzzer,address"])]
/// Harness executables: libFuzzer supplies `main`, so no top-level code is generated.
let harness: [SwiftSetting] = strict + instrumented + [.unsafeFlags(["-parse-as-library"])]
let link: [LinkerSetting] = [.unsafeFlags(["-sanitize=fuzzer,address"])]

let package = Package(
    name: "basalt-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .target(name: "BasaltCore", swiftSettings: strict),
        .target(
            name: "BasaltWire",
            dependencies: ["BasaltCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict + instrumented
        ),
        .executableTarget(name: "EventStreamFuzz", dependencies: ["BasaltWire"], swiftSettings: harness,
                          linkerSettings: link),
        .executableTarget(name: "SigV4Fuzz", dependencies: ["BasaltWire"], swiftSettings: harness,
                          linkerSettings: link),
    ]
)
