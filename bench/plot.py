"""An SVG chart of bench results: build time and search-index size against N (no plotting
library needed for two small panels)."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

SERIES = [  # (label, colour, value from a row)
    ("plain, flat nav (s)", "#9e9e9e", lambda r: r.get("plain_flat_nav", {}).get("median")),
    ("plain, no nav (s)", "#616161", lambda r: r["plain_no_nav"]["median"]),
    ("tifa cold (s)", "#e53935", lambda r: r["tifa"]["median"]),
    ("tifa, mkdocs build after 1 doc edit (s)", "#fb8c00", lambda r: r.get("tifa_warm_one_doc", {}).get("median")),
    ("tifa stages, serve rebuild (s)", "#8e24aa", lambda r: r.get("serve_rebuild", {}).get("document", {}).get("median")),
    ("mkdocs serve rebuild (s)", "#43a047", lambda r: r.get("mkdocs_serve", {}).get("median")),
    ("mkdocs serve --dirty rebuild (s)", "#00acc1", lambda r: r.get("mkdocs_serve_dirty", {}).get("median")),
]
SIZES = [
    ("plain: search index (MB)", "#9e9e9e", lambda r: r["plain_no_nav"]["search_index_mb"]),
    ("tifa: search data before a first result (MB)", "#e53935", lambda r: r["tifa"].get("search_fetch_kb", 0) / 1024),
    ("tifa document page (KB / 100)", "#1e88e5", lambda r: r["tifa"]["doc_page_kb_median"] / 100),
    ("plain flat-nav page (KB / 100)", "#616161", lambda r: (r.get("plain_flat_nav") or {}).get("doc_page_kb_median", 0) / 100 or None),
]


def _panel(x0: int, title: str, rows: list[dict], series) -> list[str]:
    w, h, pad = 360, 220, 40
    ns = [r["n"] for r in rows]
    top = max((f(r) for r in rows for _, _, f in series if f(r) is not None), default=1) * 1.1 or 1
    def px(i):  # x is proportional to N, so a straight line through the origin means linear cost
        return x0 + pad + (w - 2 * pad) * ns[i] / max(ns)
    def py(v):
        return 30 + (h - pad) * (1 - v / top)
    out = [f'<text x="{x0 + pad}" y="18" font-size="13">{escape(title)}</text>',
           f'<line x1="{x0 + pad}" y1="{py(0)}" x2="{x0 + w - pad}" y2="{py(0)}" stroke="#000"/>',
           f'<line x1="{x0 + pad}" y1="30" x2="{x0 + pad}" y2="{py(0)}" stroke="#000"/>',
           f'<text x="{x0 + 4}" y="36" font-size="10">{top:.0f}</text>']
    out += [f'<text x="{px(i) - 10}" y="{py(0) + 14}" font-size="10">N={n}</text>' for i, n in enumerate(ns)]
    for k, (label, colour, f) in enumerate(series):
        measured = [(i, f(r)) for i, r in enumerate(rows) if f(r) is not None]  # a series may skip a size
        points = " ".join(f"{px(i):.1f},{py(v):.1f}" for i, v in measured)
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        out += [f'<circle cx="{px(i):.1f}" cy="{py(v):.1f}" r="3" fill="{colour}"/>' for i, v in measured]
        out.append(f'<text x="{x0 + pad}" y="{h + 30 + 14 * k}" font-size="11" fill="{colour}">— {escape(label)}</text>')
    return out


def plot(results_json: Path, out: Path) -> Path:
    results = json.loads(results_json.read_text(encoding="utf-8"))
    rows = sorted(results["sizes"].values(), key=lambda r: r["n"])
    body = _panel(0, "build time against N", rows, SERIES) + _panel(380, "size against N", rows, SIZES)
    height = 250 + 14 * max(len(SERIES), len(SIZES)) + 10  # room for the longer legend, then the footer
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="760" height="{height}" font-family="sans-serif">'
           '<rect width="100%" height="100%" fill="#fff"/>' + "".join(body) +
           f'<text x="4" y="{height - 6}" font-size="10" fill="#555">{escape(results["date"])} · {escape(_machine(results["machine"]))}</text></svg>')
    out.write_text(svg, encoding="utf-8")
    return out


if __name__ == "__main__":
    here = Path(__file__).parent / "results"
    print(plot(here / "results.json", here / "results.svg"))


def _machine(m: dict) -> str:
    return (f"{m.get('cpus')} cores, {m.get('mem_gb')} GB, Python {m.get('python')}, "
            f"MkDocs {m.get('mkdocs')}, Material {m.get('material')}")
