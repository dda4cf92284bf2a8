extension ViewerAssets {
  /// The viewer's style sheet (`/viewer/viewer.css`); system fonts only.
  static let style = #"""
    :root { --ink: #1d2733; --muted: #5d6b7a; --line: #d5dde6; --accent: #3b6fb6;
      --box: rgba(59, 111, 182, 0.55); --hot: #c0392b; --paper: #f6f8fb; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
      color: var(--ink); background: var(--paper); }
    header { display: flex; flex-wrap: wrap; gap: 12px 20px; align-items: center;
      padding: 10px 18px; background: #fff; border-bottom: 1px solid var(--line); }
    .brand { font-weight: 700; font-size: 18px; color: var(--accent); text-decoration: none; }
    nav a { margin-right: 14px; }
    a { color: var(--accent); }
    form.inline { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
    form.token { margin-left: auto; }
    input, button { font: inherit; padding: 4px 8px; border: 1px solid var(--line);
      border-radius: 4px; background: #fff; }
    input[type=number] { width: 4.5em; }
    button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
    #status { margin: 0; padding: 0 18px; min-height: 0; }
    #status.error { padding: 8px 18px; background: #fdecea; color: #8a1f11; }
    main { padding: 6px 18px 40px; }
    h2 { font-size: 20px; margin: 14px 0 10px; }
    h3 { font-size: 14px; margin: 0 0 6px; }
    .small, .meta, .hint { color: var(--muted); font-size: 12px; font-weight: normal; }
    .error { color: #8a1f11; }
    table.list { border-collapse: collapse; background: #fff; }
    table.list th, table.list td { text-align: left; padding: 5px 12px;
      border-bottom: 1px solid var(--line); }
    td.number { text-align: right; font-variant-numeric: tabular-nums; }
    .pager { display: flex; gap: 14px; margin: 10px 0; align-items: center; }
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(130px, 1fr)); gap: 12px; }
    .page-card { display: flex; flex-direction: column; gap: 3px; padding: 6px; background: #fff;
      border: 1px solid var(--line); border-radius: 6px; text-decoration: none; color: var(--ink); }
    .page-card:hover { border-color: var(--accent); }
    .page-card .name { font-weight: 600; overflow-wrap: anywhere; }
    .thumbnail { width: 100%; height: auto; min-height: 60px; background: #e9eef4; border-radius: 3px; }
    .thumbnail.none { display: flex; align-items: center; justify-content: center;
      color: var(--muted); font-size: 12px; aspect-ratio: 9 / 16; }
    .page-view { display: flex; gap: 20px; align-items: flex-start; flex-wrap: wrap; }
    .shot { position: relative; width: 360px; max-width: 100%; flex: none;
      border: 1px solid var(--line); background: #fff; }
    .shot canvas { display: block; width: 100%; height: auto; }
    .box { position: absolute; border: 1px solid rgba(93, 107, 122, 0.35); }
    .box.interactive { border: 2px solid var(--box); cursor: pointer; }
    .box.leads { border: 2px solid #2f9e6e; }
    .box:hover { background: rgba(59, 111, 182, 0.15); border-color: var(--accent); }
    .box.selected { border: 3px solid var(--hot); background: rgba(192, 57, 43, 0.12); }
    .side { flex: 1; min-width: 280px; max-width: 560px; display: flex; flex-direction: column; gap: 12px; }
    .panel { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
    .panel:empty { display: none; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
    dt { color: var(--muted); }
    dd { margin: 0; overflow-wrap: anywhere; }
    ul, ol { margin: 0; padding-left: 20px; }
    .path { background: #fff; border: 1px solid var(--line); border-radius: 6px;
      padding: 10px 12px; margin: 10px 0; }
    .graph { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px;
      overflow: auto; }
    .graph svg { max-width: 100%; height: auto; }
    .graph .node-link { cursor: pointer; }
    .graph .node-link:hover polygon, .graph .node-link:hover path { stroke: var(--hot); stroke-width: 2; }
    """#
}
