"""The phrase pages' static charts: every period label stays inside the drawing."""

import re

import pytest
from tifa.site.charts import LABEL_FONT, WIDTH, time_chart


def _months(first_year: int, first_month: int, count: int) -> list[str]:
    out, y, m = [], first_year, first_month
    for _ in range(count):
        out.append(f"{y:04d}-{m:02d}-15")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@pytest.mark.parametrize("months", [2, 5, 13, 25, 36])
def test_no_period_label_runs_past_the_edge_of_the_time_chart(months):
    svg = time_chart("c", _months(2020, 1, months))
    labels = re.findall(r'<text class="tifa-chart-label" x="([\d.]+)" y="\d+" text-anchor="(\w+)">(\d{4}-\d\d)</text>', svg)
    assert labels, svg
    for x, anchor, label in labels:
        width = len(label) * LABEL_FONT * 0.6  # digits and dashes, as drawn in phrases.css' font size
        left = {"start": float(x), "middle": float(x) - width / 2, "end": float(x) - width}[anchor]
        assert 0 <= left and left + width <= WIDTH, (label, x, anchor)


def test_the_last_label_of_thirteen_months_is_set_flush_with_the_right_edge():
    # 13 months label every other month: 2021-01 falls under the last column, at the chart's edge.
    svg = time_chart("c", _months(2020, 1, 13))
    last = re.findall(r'text-anchor="(\w+)">(\d{4}-\d\d)</text>', svg)[-1]
    assert last == ("end", "2021-01")
