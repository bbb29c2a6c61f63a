// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "PromptPresets",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "PromptPresets", targets: ["PromptPresets"]),
        .library(name: "PromptPresetsCatalogs", targets: ["PromptPresetsCatalogs"]),
        .library(name: "PromptPresetsService", targets: ["PromptPresetsService"]),
        .library(name: "PromptPresetsSQLite", targets: ["PromptPresetsSQLite"]),
        .library(name: "PromptPresetsPostgres", targets: ["PromptPresetsPostgres"]),
        .library(name: "SillyTavernInterop", targets: ["SillyTavernInterop"]),
        .library(name: "PromptPresetsServer", targets: ["PromptPresetsServer"]),
        .library(name: "PromptPresetsClient", targets: ["PromptPresetsClient"]),
        .library(name: "PromptPresetsAPI", targets: ["PromptPresetsAPI"]),
        .executable(name: "prompt-presets", targets: ["prompt-presets"]),
        .executable(name: "prompt-presets-bench", targets: ["prompt-presets-bench"]),
        .executable(name: "prompt-presets-bare-route", targets: ["prompt-presets-bare-route"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
        .package(url: "https://github.com/swift-server/swift-openapi-async-http-client", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "PromptPresets",
            dependencies: [
                .product(name: "HashTreeCollections", package: "swift-collections"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "PromptPresetsService",
            dependencies: ["PromptPresets", .product(name: "Metrics", package: "swift-metrics")]
        ),
        .target(name: "PromptPresetsCatalogs", dependencies: ["PromptPresets", .product(name: "Yams", package: "Yams")]),
        .target(name: "PromptPresetsStorage", dependencies: ["PromptPresets"]),
        .target(
            name: "PromptPresetsSQLite",
            dependencies: ["PromptPresets", "PromptPresetsStorage", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "PromptPresetsPostgres",
            dependencies: [
                "PromptPresets", "PromptPresetsStorage",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "SillyTavernInterop", dependencies: ["PromptPresets"]),
        // The JSON API's types, server protocol and client, generated from the server's openapi.yaml
        // by Scripts/generate-openapi.sh (committed, so a build never runs the generator).
        .target(
            name: "PromptPresetsAPI",
            dependencies: ["PromptPresets", .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            exclude: ["README.md"]
        ),
        .target(
            name: "PromptPresetsServer",
            dependencies: [
                "PromptPresets", "PromptPresetsCatalogs", "PromptPresetsService", "PromptPresetsMCP", "PromptPresetsAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [
                .embedInCode("Resources/openapi.yaml"),
                .embedInCode("Resources/Web/app.js"),
                .embedInCode("Resources/Web/app.css"),
            ] + [
                "page", "login", "diffTable", "history", "diff", "compare", "merge", "message",
                "bindings", "connections", "audit", "preview", "keys",
            ].map {
                .embedInCode("Resources/Web/templates/\($0).mustache")
            }
        ),
        .target(
            name: "PromptPresetsClient",
            dependencies: [
                "PromptPresets", "PromptPresetsAPI",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "PromptPresetsMCP",
            dependencies: [
                "PromptPresets", "PromptPresetsService",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "PromptPresetsCLI",
            dependencies: [
                "PromptPresets", "PromptPresetsCatalogs", "PromptPresetsSQLite", "SillyTavernInterop", "PromptPresetsServer",
                "PromptPresetsService", "PromptPresetsPostgres", "PromptPresetsMCP", "PromptPresetsAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "prompt-presets", dependencies: ["PromptPresetsCLI"]),
        .executableTarget(
            name: "prompt-presets-bench",
            dependencies: [
                "PromptPresets", "PromptPresetsCatalogs", "PromptPresetsSQLite", "PromptPresetsPostgres", "PromptPresetsService",
                "PromptPresetsClient", .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Benchmarks/prompt-presets-bench"
        ),
        .executableTarget(
            name: "prompt-presets-bare-route",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "Benchmarks/bare-route"
        ),
        .testTarget(name: "PromptPresetsTests", dependencies: ["PromptPresets", "PromptPresetsCatalogs"]),
        .testTarget(
            name: "PromptPresetsServiceTests",
            dependencies: [
                "PromptPresetsService", "PromptPresetsSQLite", "PromptPresetsPostgres", "PromptPresetsCatalogs",
                "PromptPresetsClient", "PromptPresetsAPI",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(name: "PromptPresetsCatalogsTests", dependencies: ["PromptPresetsCatalogs"]),
        .testTarget(
            name: "PromptPresetsSQLiteTests",
            dependencies: ["PromptPresetsSQLite", "PromptPresetsCatalogs", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "SillyTavernInteropTests", dependencies: ["SillyTavernInterop", "PromptPresetsCatalogs"]),
        .testTarget(name: "PromptPresetsCLITests", dependencies: ["PromptPresetsCLI"]),
        .testTarget(
            name: "PromptPresetsMCPTests",
            dependencies: [
                "PromptPresetsMCP", "PromptPresetsService", "PromptPresetsCatalogs",
                .product(name: "MCP", package: "swift-sdk"),
            ]
        ),
        .testTarget(
            name: "PromptPresetsServerTests",
            dependencies: [
                "PromptPresetsServer", "PromptPresetsCatalogs", "PromptPresetsService", "PromptPresetsAPI",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ]
)
