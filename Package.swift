// swift-tools-version:6.1
import PackageDescription

/// Release builds of the hub's own modules let the optimiser inline and specialise across module
/// boundaries (the mapping engine calls into the schema and parser modules for every value):
/// decision 0012, item 35.
let crossModule: [SwiftSetting] = [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]

let package = Package(
    name: "eyhub",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "eyhub", targets: ["eyhub"]),
        .library(name: "Kafka", targets: ["Kafka"]),
        .library(name: "HubRuntime", targets: ["HubRuntime"]),
        .library(name: "EarlyYearsSchema", targets: ["EarlyYearsSchema"]),
        .library(name: "SourceFormats", targets: ["SourceFormats"]),
        .library(name: "Mapping", targets: ["Mapping"]),
        .library(name: "Adapters", targets: ["Adapters"]),
        .library(name: "Identity", targets: ["Identity"]),
        .library(name: "Audit", targets: ["Audit"]),
        .library(name: "Sharing", targets: ["Sharing"]),
        .library(name: "Correlation", targets: ["Correlation"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        // Only the HTTP server: no swift-configuration support and no full-Foundation extras.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
    ],
    targets: [
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .target(
            name: "Kafka",
            dependencies: [
                "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "EarlyYearsSchema", dependencies: [.product(name: "Crypto", package: "swift-crypto")], swiftSettings: crossModule),
        .target(name: "SourceFormats", swiftSettings: crossModule),
        .target(
            name: "Mapping",
            dependencies: ["EarlyYearsSchema", "SourceFormats", .product(name: "Yams", package: "Yams")],
            swiftSettings: crossModule
        ),
        .target(
            name: "Identity",
            dependencies: [
                "EarlyYearsSchema", "SourceFormats", "Kafka", "HubRuntime",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: crossModule
        ),
        .target(
            name: "Audit",
            dependencies: [
                "EarlyYearsSchema", "Kafka", "HubRuntime", "Identity",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Sharing",
            dependencies: [
                "EarlyYearsSchema", "SourceFormats", "Kafka", "HubRuntime", "Identity", "Audit",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "Correlation",
            dependencies: [
                "EarlyYearsSchema", "Kafka", "HubRuntime", "Identity",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "HubRuntime",
            dependencies: [
                "Kafka",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "Adapters",
            dependencies: [
                "Kafka",
                "HubRuntime",
                "Mapping",
                "SourceFormats",
                "EarlyYearsSchema",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: crossModule
        ),
        .executableTarget(
            name: "eyhub",
            dependencies: [
                "Kafka",
                "HubRuntime",
                "Mapping",
                "Adapters",
                "Identity",
                "Audit",
                "Sharing",
                "Correlation",
                "EarlyYearsSchema",
                "SourceFormats",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: crossModule
        ),
        .testTarget(name: "KafkaTests", dependencies: ["Kafka", "CRdKafka"]),
        .testTarget(name: "EarlyYearsSchemaTests", dependencies: ["EarlyYearsSchema"]),
        .testTarget(name: "SourceFormatsTests", dependencies: ["SourceFormats"]),
        .testTarget(name: "MappingTests", dependencies: ["Mapping"]),
        .testTarget(name: "IdentityTests", dependencies: ["Identity", "Kafka"]),
        .testTarget(name: "SharingTests", dependencies: ["Sharing", "Audit", "EarlyYearsSchema", "Identity", "Kafka", "HubRuntime", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "CorrelationTests", dependencies: ["Correlation", "EarlyYearsSchema", "Identity", "Kafka", "HubRuntime", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "AuditTests", dependencies: ["Audit", "EarlyYearsSchema", "Kafka", "HubRuntime", "Identity"]),
        .testTarget(name: "AdaptersTests", dependencies: ["Adapters", "Mapping", "EarlyYearsSchema", "Kafka", "HubRuntime"]),
        .testTarget(
            name: "HubRuntimeTests",
            dependencies: ["HubRuntime", "Kafka", .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "CRdKafka",
                "Kafka",
                "HubRuntime",
                "Adapters",
                "Mapping",
                "EarlyYearsSchema",
                "Identity",
                "Audit",
                "Sharing",
                "Correlation",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
