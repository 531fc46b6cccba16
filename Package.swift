// swift-tools-version:6.1
import Foundation
import PackageDescription

let package = Package(
    name: "Swarmcast",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "swarmcast", targets: ["swarmcast"]),
        .library(name: "SwarmcastSettings", targets: ["SwarmcastSettings"]),
        .library(name: "SwarmcastWire", targets: ["SwarmcastWire"]),
        .library(name: "SwarmcastLoop", targets: ["SwarmcastLoop"]),
        .library(name: "SwarmcastServer", targets: ["SwarmcastServer"]),
        .library(name: "SwarmcastSwarm", targets: ["SwarmcastSwarm"]),
        .library(name: "SwarmcastScenario", targets: ["SwarmcastScenario"]),
        .library(name: "SwarmcastReport", targets: ["SwarmcastReport"]),
        .library(name: "SwarmcastMeasure", targets: ["SwarmcastMeasure"]),
        .library(name: "SwarmcastRunner", targets: ["SwarmcastRunner"]),
        .library(name: "SwarmcastHLS", targets: ["SwarmcastHLS"]),
        .library(name: "SwarmcastAudio", targets: ["SwarmcastAudio"]),
        .library(name: "SwarmcastDocs", targets: ["SwarmcastDocs"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        // The swarm's live /metrics (counters and gauges; see SwarmMetrics.swift).
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // API docs of the library modules (`make docc`); a plugin, so the everyday build does not compile it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibevent",
            pkgConfig: "libevent",
            providers: [.apt(["libevent-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "COpus",
            pkgConfig: "opus",
            providers: [.apt(["libopus-dev"])]
        ),
        // The version and the git commit of the build (summary.json's tool.version and tool.commit).
        .target(name: "SwarmcastBuildInfo", plugins: ["BuildInfoPlugin"]),
        .plugin(name: "BuildInfoPlugin", capability: .buildTool()),
        .target(name: "SwarmcastSettings"),
        .target(name: "SwarmcastHLS"),
        // The built-in speakers' known signal and its Opus loop, and the decoded listeners'
        // decoder and scorer: what both the server (which plays it) and the swarm (which scores
        // what it hears against it) need, so the swarm never imports the server.
        .target(name: "SwarmcastAudio", dependencies: ["COpus", "SwarmcastSettings", "SwarmcastMeasure"]),
        .target(name: "SwarmcastWire", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "SwarmcastLoop",
            dependencies: ["CLibevent", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "SwarmcastScenario",
            dependencies: ["SwarmcastSettings", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "SwarmcastMeasure",
            dependencies: [.product(name: "Histogram", package: "hdrhistogram-swift")]
        ),
        .target(
            name: "SwarmcastReport",
            dependencies: [
                "SwarmcastSettings", "SwarmcastScenario", "SwarmcastMeasure", "SwarmcastBuildInfo", "CZlib",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .target(
            name: "SwarmcastServer",
            dependencies: [
                "SwarmcastSettings", "SwarmcastWire", "SwarmcastLoop", "SwarmcastHLS", "SwarmcastMeasure", "SwarmcastAudio", "COpus",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SwarmcastSwarm",
            dependencies: [
                "SwarmcastSettings", "SwarmcastWire", "SwarmcastLoop", "SwarmcastScenario", "SwarmcastReport", "SwarmcastMeasure", "SwarmcastHLS", "SwarmcastAudio", "SwarmcastBuildInfo",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SwarmcastRunner",
            dependencies: ["SwarmcastSettings", "SwarmcastLoop", "SwarmcastScenario", "SwarmcastReport", "SwarmcastSwarm", "SwarmcastMeasure"]
        ),
        // The reference pages of docs/reference, written from the declarations (`swarmcast docs`, `make docs`).
        .target(
            name: "SwarmcastDocs",
            dependencies: ["SwarmcastSettings", "SwarmcastScenario", "SwarmcastServer", "SwarmcastSwarm", "SwarmcastReport"]
        ),
        .executableTarget(
            name: "swarmcast",
            dependencies: [
                "SwarmcastSettings", "SwarmcastServer", "SwarmcastSwarm", "SwarmcastScenario", "SwarmcastReport",
                "SwarmcastMeasure", "SwarmcastRunner", "SwarmcastDocs",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SwarmcastTestSupport",
            dependencies: ["SwarmcastWire", "SwarmcastLoop", "SwarmcastServer", "SwarmcastAudio", "SwarmcastHLS"],
            path: "Tests/SwarmcastTestSupport"
        ),
        .testTarget(name: "SwarmcastSettingsTests", dependencies: ["SwarmcastSettings"]),
        .testTarget(name: "SwarmcastWireTests", dependencies: ["SwarmcastWire"]),
        .testTarget(name: "SwarmcastLoopTests", dependencies: ["SwarmcastLoop"]),
        .testTarget(name: "SwarmcastServerTests", dependencies: ["SwarmcastServer", "SwarmcastSettings", "SwarmcastWire", "SwarmcastTestSupport"]),
        .testTarget(name: "SwarmcastSwarmTests", dependencies: ["SwarmcastSwarm", "SwarmcastMeasure", "SwarmcastTestSupport"]),
        .testTarget(name: "SwarmcastMeasureTests", dependencies: ["SwarmcastMeasure"]),
        .testTarget(name: "SwarmcastHLSTests", dependencies: ["SwarmcastHLS"]),
        .testTarget(name: "SwarmcastAudioTests", dependencies: ["SwarmcastAudio", "SwarmcastHLS", "SwarmcastSettings", "SwarmcastMeasure", "SwarmcastTestSupport"]),
        .testTarget(name: "SwarmcastScenarioTests", dependencies: ["SwarmcastScenario", "SwarmcastSettings"]),
        .testTarget(name: "SwarmcastReportTests", dependencies: ["SwarmcastReport", "SwarmcastMeasure", "SwarmcastSettings"]),
        .testTarget(name: "SwarmcastDocsTests", dependencies: ["SwarmcastDocs", "SwarmcastScenario", "SwarmcastSettings", "SwarmcastTestSupport"]),
        .testTarget(name: "SwarmcastEndToEndTests", dependencies: ["SwarmcastTestSupport", "SwarmcastAudio", "SwarmcastHLS", "SwarmcastReport", "SwarmcastMeasure", "SwarmcastSettings", "SwarmcastSwarm", .product(name: "Yams", package: "Yams")]),
    ]
)

// Micro benchmarks (ordo-one/package-benchmark) build only when asked for, so the everyday build
// and CI do not compile the benchmark framework: `SWARMCAST_BENCHMARKS=1 swift package benchmark`.
if ProcessInfo.processInfo.environment["SWARMCAST_BENCHMARKS"] != nil {
    package.dependencies.append(.package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]))
    package.targets.append(.executableTarget(
        name: "SwarmcastBenchmarks",
        dependencies: [
            "SwarmcastWire", "SwarmcastReport", "SwarmcastSwarm", "SwarmcastMeasure",
            .product(name: "Histogram", package: "hdrhistogram-swift"),
            .product(name: "Benchmark", package: "benchmark"),
        ],
        path: "Benchmarks/SwarmcastBenchmarks",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ))
}
