"""Charts drawn at build time as static SVG: no script, no network, legible in print.

Each chart is a ``<figure>``: the SVG (``role="img"`` with a ``<title>`` and a ``<desc>`` that a
screen reader reads), a caption, and the same figures as a table (the text fallback, also what a
reader copies). Every label is escaped; the SVG carries no inline style (the site's CSP).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from .. import escape as esc
from ..messages import Messages, messages

KEYS = ("by_time", "by_place", "month", "year", "table", "period", "place", "uses", "undated", "desc_time", "desc_place",
        "other_places")


def _text(msg: Messages | None) -> dict[str, str]:
    """The charts' interface strings (``chart.*`` of the catalogue), as templates."""
    msg = msg or messages()
    return {key: str(msg.strings["chart." + key]) for key in KEYS}


MONTHS_MAX = 36  # past three years of months, a chart counts by year
PLACES_SHOWN = 12
WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 640, 180, 34, 28, 10


def _months_between(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while (y, m) <= (int(last[:4]), int(last[5:7])):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def periods(dates: Iterable[str | None]) -> tuple[list[tuple[str, int]], str, int]:
    """(period, uses) for every month — or year over long spans — from the first use to the last, gaps
    included; the unit (``month`` or ``year``); and the uses without a date."""
    dates = list(dates)
    undated = sum(1 for d in dates if not d or not d[:4].isdigit())
    known = [d for d in dates if d and d[:4].isdigit()]
    if not known:
        return [], "year", undated
    monthly = [d for d in known if len(d) >= 7 and d[5:7].isdigit()]
    span = _months_between(min(monthly), max(monthly)) if monthly and len(monthly) == len(known) else []
    if span and len(span) <= MONTHS_MAX:
        counts = Counter(d[:7] for d in known)
        return [(m, counts.get(m, 0)) for m in span], "month", undated
    counts = Counter(d[:4] for d in known)
    years = range(int(min(counts)), int(max(counts)) + 1)
    return [(str(y), counts.get(str(y), 0)) for y in years], "year", undated


def uses_by_period(series: dict[str, tuple[str, list[str | None]]], all_dates: Iterable[str | None]) -> dict:
    """The data of the phrase index's compare view: ``periods`` (months, or years over long spans,
    from the collection's first date to its last), ``unit``, and ``series``: slug → [term, uses per
    period]. ``series``: slug → (term, the document date of each use)."""
    rows, unit, _ = periods(all_dates)
    labels = [label for label, _ in rows]
    index = {label: i for i, label in enumerate(labels)}
    cut = 7 if unit == "month" else 4
    out = {}
    for slug, (term, dates) in sorted(series.items()):
        counts = [0] * len(labels)
        for d in dates:
            if d and d[:cut] in index:
                counts[index[d[:cut]]] += 1
        out[slug] = [term, counts]
    return {"unit": unit, "periods": labels, "series": out}


def _table(rows: Sequence[tuple[str, int]], head: str, TEXT: dict[str, str]) -> str:
    body = "".join(f"<tr><td>{esc.text(label)}</td><td>{n}</td></tr>" for label, n in rows)
    return (f'<details class="tifa-chart-data"><summary>{esc.text(TEXT["table"])}</summary><table><thead><tr><th>{esc.text(head)}</th>'
            f'<th>{esc.text(TEXT["uses"])}</th></tr></thead><tbody>{body}</tbody></table></details>')


def time_chart(chart_id: str, dates: Iterable[str | None], msg: Messages | None = None) -> str:
    """Uses per month (or year) as columns; ``dates``: the document date of each use."""
    TEXT = _text(msg)
    rows, unit, undated = periods(dates)
    if not rows:
        return f'<p class="tifa-count">{esc.text(TEXT["undated"].format(n=undated))}</p>' if undated else ""
    title = TEXT["by_time"].format(unit=TEXT[unit])
    total = sum(n for _, n in rows)
    peak, peak_n = max(rows, key=lambda r: (r[1], r[0]))
    desc = TEXT["desc_time"].format(first=rows[0][0], last=rows[-1][0], total=total, peak=peak, peak_n=peak_n)
    most = max(peak_n, 1)
    inner_w, inner_h = WIDTH - PAD_LEFT - 6, HEIGHT - PAD_TOP - PAD_BOTTOM
    step = inner_w / len(rows)
    bar_w = max(1.0, step * 0.8)
    shapes = []
    label_every = max(1, round(len(rows) / 6))
    for i, (label, n) in enumerate(rows):
        x = PAD_LEFT + i * step + (step - bar_w) / 2
        h = inner_h * n / most
        y = PAD_TOP + inner_h - h
        shapes.append(f'<rect class="tifa-chart-bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}">'
                      f'<title>{esc.text(label)}：{n}</title></rect>')
        if i % label_every == 0:
            at, anchor = _label_position(x + bar_w / 2, label)
            shapes.append(f'<text class="tifa-chart-label" x="{at:.1f}" y="{HEIGHT - 10}" '
                          f'text-anchor="{anchor}">{esc.text(label)}</text>')
    axis = (f'<line class="tifa-chart-axis" x1="{PAD_LEFT}" y1="{PAD_TOP + inner_h}" x2="{WIDTH - 6}" y2="{PAD_TOP + inner_h}"/>'
            f'<text class="tifa-chart-label" x="{PAD_LEFT - 4}" y="{PAD_TOP + 8}" text-anchor="end">{most}</text>'
            f'<text class="tifa-chart-label" x="{PAD_LEFT - 4}" y="{PAD_TOP + inner_h}" text-anchor="end">0</text>')
    return _figure(chart_id, title, desc, "".join(shapes) + axis, WIDTH, HEIGHT,
                   (TEXT["undated"].format(n=undated) if undated else ""),
                   _table([r for r in rows if r[1]], TEXT["period"], TEXT))  # the chart shows the empty periods


LABEL_FONT = 15  # .tifa-chart-label's font-size in phrases.css, in the SVG's units


def _label_position(centre: float, label: str) -> tuple[float, str]:
    """Where a period's label goes under its column: centred, unless that would run past an edge of
    the chart (the last month's label under the last column was cut off), then flush with the edge."""
    half = len(label) * LABEL_FONT * 0.3  # digits and dashes are about 0.6 em wide
    if centre + half > WIDTH:
        return WIDTH - 1, "end"
    if centre - half < 0:
        return 1, "start"
    return centre, "middle"


def place_chart(chart_id: str, places: Iterable[str | None], msg: Messages | None = None) -> str:
    """Uses by place as horizontal bars, the most first (the rest summed in one bar)."""
    TEXT = _text(msg)
    counts = Counter(p for p in places if p)
    if len(counts) < 2:
        return ""
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    rows = ranked[:PLACES_SHOWN]
    if len(ranked) > PLACES_SHOWN:
        rows.append((TEXT["other_places"].format(n=len(ranked) - PLACES_SHOWN), sum(n for _, n in ranked[PLACES_SHOWN:])))
    total = sum(counts.values())
    desc = TEXT["desc_place"].format(places=len(counts), total=total, top=ranked[0][0], top_n=ranked[0][1])
    most = max(n for _, n in rows)
    row_h, label_w = 24, 170
    height = row_h * len(rows) + 8
    shapes = []
    for i, (label, n) in enumerate(rows):
        y = 4 + i * row_h
        w = (WIDTH - label_w - 40) * n / most
        short = label if len(label) <= 10 else label[:9] + "…"
        shapes.append(f'<text class="tifa-chart-label" x="{label_w - 6}" y="{y + 17}" text-anchor="end">{esc.text(short)}</text>'
                      f'<rect class="tifa-chart-bar" x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}">'
                      f'<title>{esc.text(label)}：{n}</title></rect>'
                      f'<text class="tifa-chart-label" x="{label_w + w + 4:.1f}" y="{y + 17}">{n}</text>')
    return _figure(chart_id, TEXT["by_place"], desc, "".join(shapes), WIDTH, height, "", _table(ranked, TEXT["place"], TEXT))


def _figure(chart_id: str, title: str, desc: str, shapes: str, width: int, height: int, note: str, table: str) -> str:
    cid = esc.attr(chart_id)
    caption = esc.text(title) + (f'<span class="tifa-count"> · {esc.text(note)}</span>' if note else "")
    return (f'<figure class="tifa-chart" id="{cid}"><svg class="tifa-chart-svg" viewBox="0 0 {width} {height}" '
            f'role="img" aria-labelledby="{cid}-t {cid}-d" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{cid}-t">{esc.text(title)}</title><desc id="{cid}-d">{esc.text(desc)}</desc>{shapes}</svg>'
            f'<figcaption>{caption}</figcaption>{table}</figure>')
