extension ViewerAssets {
  /// The viewer's page (`/`): the frame the script fills. No inline script or style (the
  /// Content-Security-Policy forbids them), no outside resource.
  static let page = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="no-referrer">
    <title>m3m viewer</title>
    <link rel="icon" href="/viewer/icon.svg" type="image/svg+xml">
    <link rel="stylesheet" href="/viewer/viewer.css">
    <script src="/viewer/viewer.js" defer></script>
    </head>
    <body>
    <header>
      <a class="brand" href="#/">m3m</a>
      <nav>
        <a href="#/">Apps</a>
        <a href="#/pages">Pages</a>
        <a href="#/path">Path finder</a>
      </nav>
      <form id="search-form" class="inline" role="search">
        <input id="search-text" type="search" placeholder="search element text" aria-label="search">
        <button type="submit">Search</button>
      </form>
      <form id="token-form" class="inline token">
        <input id="token" type="password" autocomplete="off" placeholder="token (if the server needs one)" aria-label="token">
        <button type="submit">Use</button>
      </form>
    </header>
    <p id="status" role="status" aria-live="polite"></p>
    <main id="main"></main>
    <noscript>The m3m viewer needs JavaScript.</noscript>
    </body>
    </html>
    """#

  /// The tab icon (`/viewer/icon.svg`): three linked pages.
  static let icon = #"""
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
    <path d="M9 9 L23 9 M9 9 L16 23" stroke="#3b6fb6" stroke-width="2"/>
    <rect x="3" y="4" width="10" height="10" rx="2" fill="#3b6fb6"/>
    <rect x="19" y="4" width="10" height="10" rx="2" fill="#7fa4d8"/>
    <rect x="11" y="18" width="10" height="10" rx="2" fill="#c0392b"/>
    </svg>
    """#
}
