#!/usr/bin/env python3
"""A plain Python ingest of m3m trace folders, the yardstick tools/bench-ingest times m3m against.

Written the way a Python user would in an afternoon: lxml for the dumps, Pillow + numpy for the
screenshots, sqlite3 with one transaction. Same Mobile3M rule as m3m: two visits show the same
page when the Jaccard similarity of their compact-HTML line sets is > 0.5 and the share of
differing channel values of their screenshots is < 0.3. Candidates: the parent page first, then
pages with the same line set, then the top 5 pages sharing the most lines.

Usage: tools/ingest-reference.py --db OUT.sqlite TRACE_FOLDER...   (folders with steps.jsonl)
Needs lxml, Pillow and numpy (tools/bootstrap --bench installs them).
"""
import argparse
import json
import os
import sqlite3
import sys
from collections import Counter
from functools import lru_cache

import numpy as np
from lxml import etree
from PIL import Image

JACCARD, PIXEL, TOP_K = 0.5, 0.3, 5


def tag_for(cls):
    if "ImageView" in cls or "IconView" in cls:
        return "img"
    if "Button" in cls:
        return "button"
    if "Image" in cls:
        return "img"
    if "MenuItemView" in cls:
        return "button"
    if "EditText" in cls:
        return "input"
    if "TextView" in cls:
        return "p"
    return "div"


def compact_html(path):
    """The page's compact-HTML lines (Mobile3M's any_tree_to_html, leaf bounds off)."""
    lines = []

    def walk(node, clickable_above):
        a = node.attrib
        clickable = clickable_above or a.get("clickable") == "true"
        children = [c for c in node if c.tag == "node"]
        cls = a.get("class", "")
        text = a.get("text", "").replace("\n", "")
        desc = a.get("content-desc", "").replace("\n", "")
        scrollable = a.get("scrollable") == "true"
        visible = bool(text or desc) or "button" in cls.lower() or "edittext" in cls.lower()
        if (not children and visible) or scrollable:
            tag = tag_for(cls)
            attrs = [("id", a.get("resource-id", ""))]
            if not children and visible:
                attrs.append(("package", a.get("package", "")))
            attrs += [("class", cls), ("description", desc)]
            line = "<" + tag + "".join(f' {k}="{v}"' for k, v in attrs if v)
            if clickable:
                line += ' clickable="true"'
            elif "clickable" in a:
                line += f' clickable="{a["clickable"]}"'
            if scrollable:
                line += f' scrollable="true" bounds="{a.get("bounds", "")}"'
            lines.append(f"{line}> {text} </{tag}>")
        for child in children:
            walk(child, clickable)

    root = etree.parse(path).getroot()
    for top in root:
        if top.tag == "node":
            walk(top, False)
    return lines


@lru_cache(maxsize=16)
def pixels(path):
    return np.asarray(Image.open(path))


def pixel_difference(a, b):
    if a.shape != b.shape:
        return 1.0
    return np.count_nonzero(a != b) / a.size


class App:
    def __init__(self):
        self.lines = {}  # page id -> frozenset of lines
        self.screenshot = {}  # page id -> screenshot path
        self.by_set = {}  # frozenset -> [page ids]
        self.index = {}  # line -> [page ids]

    def candidates(self, lines, parent):
        if parent is not None:
            yield "parent", parent
        yield from (("exact", p) for p in self.by_set.get(lines, ()))
        shared = Counter()
        for line in lines:
            shared.update(self.index.get(line, ()))
        yield from (("retrieved", p) for p, _ in shared.most_common(TOP_K))

    def identify(self, lines, parent, shot):
        tried = set()
        current = None
        for kind, page in self.candidates(lines, parent):
            if page in tried or page not in self.lines:
                continue
            tried.add(page)
            known = self.lines[page]
            jaccard = len(lines & known) / len(lines | known) if lines or known else 1.0
            if jaccard <= JACCARD:
                continue
            diff = None
            if shot and self.screenshot[page]:
                if current is None:
                    current = np.asarray(Image.open(shot))
                diff = pixel_difference(current, pixels(self.screenshot[page]))
                if diff >= PIXEL:
                    continue
            return page, kind, jaccard, diff
        return None, "new", None, None

    def register(self, page, lines, shot):
        self.lines[page] = lines
        self.screenshot[page] = shot
        self.by_set.setdefault(lines, []).append(page)
        for line in lines:
            self.index.setdefault(line, []).append(page)


SCHEMA = """
CREATE TABLE IF NOT EXISTS page(id INTEGER PRIMARY KEY, app TEXT, html TEXT, xml_path TEXT,
                                screenshot_path TEXT);
CREATE TABLE IF NOT EXISTS visit(id INTEGER PRIMARY KEY, source TEXT, record TEXT, page_id INT,
                                 parent_visit INT, matched_by TEXT, jaccard REAL,
                                 pixel_difference REAL, xml_path TEXT, screenshot_path TEXT);
CREATE TABLE IF NOT EXISTS edge(from_page INT, action TEXT, to_page INT, count INT,
                                PRIMARY KEY(from_page, action, to_page));
"""


def ingest(db, folder, apps, totals):
    visits = {}  # record -> (visit id, page id)
    previous = None
    with open(os.path.join(folder, "steps.jsonl"), encoding="utf-8") as steps:
        for number, raw in enumerate(steps, 1):
            if not raw.strip():
                continue
            step = json.loads(raw)
            record = str(step.get("id", number))
            parent_record = step["from"] if "from" in step else previous
            previous = record
            xml = os.path.join(folder, step["xml"])
            shot = os.path.join(folder, step["screenshot"]) if step.get("screenshot") else None
            lines = compact_html(xml)
            line_set = frozenset(lines)
            app = apps.setdefault(step.get("app", os.path.basename(folder)), App())
            parent = visits.get(str(parent_record)) if parent_record is not None else None
            page, kind, jaccard, diff = app.identify(line_set, parent and parent[1], shot)
            if page is None:
                page = db.execute(
                    "INSERT INTO page(app, html, xml_path, screenshot_path) VALUES (?,?,?,?)",
                    (step.get("app"), "\n".join(lines), xml, shot),
                ).lastrowid
                app.register(page, line_set, shot)
                totals["pages"] += 1
            visit = db.execute(
                "INSERT INTO visit(source, record, page_id, parent_visit, matched_by, jaccard,"
                " pixel_difference, xml_path, screenshot_path) VALUES (?,?,?,?,?,?,?,?,?)",
                (folder, record, page, parent and parent[0], kind, jaccard, diff, xml, shot),
            ).lastrowid
            visits[record] = (visit, page)
            if parent and "action" in step:
                db.execute(
                    "INSERT INTO edge VALUES (?,?,?,1) ON CONFLICT DO UPDATE SET count = count + 1",
                    (parent[1], json.dumps(step["action"], sort_keys=True), page),
                )
            totals["visits"] += 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("folders", nargs="+")
    args = parser.parse_args()
    db = sqlite3.connect(args.db, isolation_level=None)
    db.executescript(SCHEMA)
    apps, totals = {}, Counter()
    db.execute("BEGIN")
    for folder in args.folders:
        ingest(db, folder, apps, totals)
    db.execute("COMMIT")
    print(f"{totals['visits']} visits recorded, {totals['pages']} new unique pages")


if __name__ == "__main__":
    sys.exit(main())
