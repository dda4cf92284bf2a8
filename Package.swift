// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "m3m",
  products: [
    .library(name: "Geometry", targets: ["Geometry"]),
    .library(name: "UIHierarchy", targets: ["UIHierarchy"]),
    .library(name: "Screenshots", targets: ["Screenshots"]),
    .library(name: "GraphStore", targets: ["GraphStore"]),
    .executable(name: "m3m", targets: ["m3m"]),
  ],
  targets: [
    // C libraries from Debian, each wrapped once: a module map plus a shim header.
    .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
    .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
    .systemLibrary(name: "CLibPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
    .systemLibrary(
      name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
    .systemLibrary(
      name: "CGraphviz", pkgConfig: "libgvc", providers: [.apt(["libgraphviz-dev"])]),
    .systemLibrary(
      name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
    .systemLibrary(name: "CPostgreSQL", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
    // Headers only: TextRecognition opens Tesseract with dlopen when OCR first runs, so other
    // commands do not load it (nor libarchive and libcurl, which its pkg-config links).
    .systemLibrary(
      name: "CTesseract", providers: [.apt(["libtesseract-dev", "libleptonica-dev"])]),
    // libpng's classic API reports errors with longjmp, which Swift cannot express: this tiny C
    // target turns them into return codes. It also holds the fast path for screenshot PNGs:
    // libdeflate (Debian libdeflate-dev) inflates, the unfiltering is its own.
    .target(
      name: "CPNGSupport", dependencies: ["CLibPNG"], linkerSettings: [.linkedLibrary("deflate")]),

    // Screen-pixel boxes `[x1,y1][x2,y2]`, shared by hierarchies, screenshots and the graph.
    .target(name: "Geometry"),
    .target(name: "UIHierarchy", dependencies: ["Geometry", "CLibXML2", "FileIO"]),
    .target(
      name: "Screenshots", dependencies: ["Geometry", "CLibPNG", "CPNGSupport", "CTurboJPEG"]),
    .target(name: "GraphStore", dependencies: ["CSQLite", "CPostgreSQL"]),
    // OCR of screenshots (Tesseract): words and lines with pixel boxes, pixel-derived trees.
    .target(
      name: "TextRecognition",
      dependencies: ["CTesseract", "Geometry", "UIHierarchy", "Screenshots"]),
    // Outputs that appear only when complete, and file errors in plain words.
    .target(name: "FileIO"),
    // Element boxes drawn over screenshots (inspect, show, serve).
    .target(
      name: "ScreenAnnotation",
      dependencies: ["Geometry", "UIHierarchy", "Screenshots", "GraphStore"]),
    // Graphs laid out and drawn by Graphviz (serve's graph.svg).
    .target(name: "GraphDrawing", dependencies: ["CGraphviz", "GraphStore"]),
    // The HTTP API over a graph (`m3m serve`), on libmicrohttpd.
    .target(
      name: "Server",
      dependencies: [
        "CMicroHTTPD", "GraphStore", "Ingest", "UIHierarchy", "Screenshots", "ScreenAnnotation",
        "Agent", "Models", "Tasks", "FileIO", "GraphDrawing",
      ]),
    .target(
      name: "SyntheticApps",
      dependencies: ["Geometry", "UIHierarchy", "Screenshots", "GraphStore", "Ingest"]),
    .target(
      name: "Tasks", dependencies: ["Geometry", "UIHierarchy", "GraphStore", "FileIO"],
      resources: [.copy("Templates/Resources")]),
    .target(
      name: "Agent",
      dependencies: [
        "Geometry", "UIHierarchy", "GraphStore", "Ingest", "Tasks", "Models", "FileIO",
        "Crawler", "Screenshots", "SyntheticApps",
      ]),
    .target(
      name: "Crawler",
      dependencies: [
        "Geometry", "UIHierarchy", "Screenshots", "GraphStore", "Ingest", "SyntheticApps",
        "FileIO",
      ]),
    .target(
      name: "Models",
      dependencies: [
        "Geometry", "UIHierarchy", "Screenshots", "Tasks", "FileIO", "TextRecognition",
      ]),
    .target(
      name: "Ingest",
      dependencies: [
        "Geometry", "UIHierarchy", "Screenshots", "GraphStore", "FileIO", "TextRecognition",
      ]),
    .executableTarget(
      name: "m3m",
      dependencies: [
        "Geometry", "UIHierarchy", "Ingest", "SyntheticApps", "Screenshots", "GraphStore",
        "Tasks", "Models", "Agent", "Crawler", "FileIO", "ScreenAnnotation", "Server",
        "GraphDrawing", "TextRecognition",
      ]),

    // Benchmarks run by tools/bench-* (release builds only).
    .executableTarget(
      name: "m3m-bench",
      dependencies: [
        "Geometry", "UIHierarchy", "Screenshots", "GraphStore", "Ingest", "SyntheticApps", "Tasks",
        "Models", "Agent", "Crawler", "TextRecognition", "FileIO",
      ]),

    // Shared by the test targets: fixture locations and the real-data folders beside the repo.
    .target(
      name: "TestSupport", dependencies: ["GraphStore", "Ingest", "Screenshots"],
      path: "Tests/TestSupport"),
    .testTarget(name: "GeometryTests", dependencies: ["Geometry"]),
    .testTarget(name: "GraphDrawingTests", dependencies: ["GraphDrawing"]),
    .testTarget(name: "ServerTests", dependencies: ["Server", "TestSupport"]),
    .testTarget(name: "FileIOTests", dependencies: ["FileIO", "TestSupport"]),
    .testTarget(name: "UIHierarchyTests", dependencies: ["UIHierarchy", "TestSupport"]),
    .testTarget(name: "ScreenshotsTests", dependencies: ["Screenshots", "TestSupport"]),
    .testTarget(
      name: "TextRecognitionTests",
      dependencies: ["TextRecognition", "Screenshots", "UIHierarchy", "TestSupport"]),
    .testTarget(
      name: "GraphStoreTests",
      dependencies: ["GraphStore", "Geometry", "SyntheticApps", "TestSupport"]),
    .testTarget(
      name: "IngestTests",
      dependencies: [
        "Ingest", "UIHierarchy", "Screenshots", "GraphStore", "SyntheticApps", "TestSupport",
        "TextRecognition",
      ]),
    .testTarget(
      name: "TasksTests",
      dependencies: [
        "Tasks", "UIHierarchy", "GraphStore", "Ingest", "SyntheticApps", "TestSupport",
      ]
    ),
    .testTarget(
      name: "ModelsTests", dependencies: ["Models", "Tasks", "Screenshots", "TestSupport"]),
    .testTarget(
      name: "AgentTests",
      dependencies: [
        "Agent", "Models", "Tasks", "GraphStore", "Ingest", "UIHierarchy", "Geometry",
        "TestSupport", "Crawler", "SyntheticApps",
      ]),
    .testTarget(
      name: "CrawlerTests",
      dependencies: ["Crawler", "GraphStore", "SyntheticApps", "UIHierarchy", "TestSupport"]),
    .testTarget(
      name: "m3mTests", dependencies: ["m3m", "Screenshots", "GraphStore", "TestSupport"]),
  ]
)
