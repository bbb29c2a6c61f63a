// swift-tools-version:6.0
// Builds the pinned swift-openapi-generator for Scripts/generate-openapi.sh. A package of its own, so
// the product never builds the generator: the generated code is committed (see Sources/PromptPresetsAPI).
import PackageDescription

let package = Package(
    name: "openapi-generator-tool",
    dependencies: [
        .package(url: "https://github.com/apple/swift-openapi-generator", exact: "1.14.3"),
    ]
)
