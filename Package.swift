// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "ReLUFlow",
    products: [
        .library(name: "ReLUFlow", targets: ["ReLUFlow"]),
        .executable(name: "reluflow", targets: ["reluflow"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(
            name: "CFieldKernels",
            exclude: ["README.md"]
        ),
        .target(
            name: "ReLUFlow",
            dependencies: ["CGSL", "COpenBLAS", "CFieldKernels", .product(name: "SwiftCSV", package: "SwiftCSV")]
        ),
        .executableTarget(
            name: "reluflow",
            dependencies: [
                "ReLUFlow",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ReLUFlowTests",
            dependencies: [
                "ReLUFlow",
                "CFieldKernels",
                .product(name: "Numerics", package: "swift-numerics"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
    ]
)
