"""The frame every chart shares, whichever app draws it (funding/charts.py,
incidents/charts.py): one look per meaning, the layout, the axis and label helpers, and
`Chart`, which the page template (templates/includes/chart.html) shows.

Each chart comes with a heading, one plain sentence that says what it shows, and the same
numbers as a table (for screen readers, printing and anyone without JavaScript). Money stays
Decimal until the figure is built; plotly gets floats only at that last step.
"""

import html
import json
import textwrap
from dataclasses import dataclass

import plotly.graph_objects as go

INK = "#1a1a1a"


@dataclass(frozen=True)
class Look:
    """How one meaning is drawn in every chart: a colour from the colour-blind-safe
    Okabe-Ito set, plus a dash (lines), a hatching (bars) and a marker symbol, so colour is
    never the only signal and series still differ in grey print."""

    color: str
    dash: str = "solid"
    pattern: str = ""  # "" solid, "/" hatched, "." dotted
    symbol: str = "circle"
    width: int = 3

    def line(self) -> dict:
        return {"color": self.color, "dash": self.dash, "width": self.width}

    def bar(self) -> dict:
        if not self.pattern:
            return {"color": self.color}
        return {
            "color": self.color,
            "pattern": {
                "shape": self.pattern,
                "bgcolor": self.color,
                "fgcolor": "#ffffff",
                "fillmode": "replace",
                "solidity": 0.3,
            },
        }


# All the looks in one place, so that no two meanings share one on any page.
# Money: one look per measure, whatever the chart.
MEASURE_STYLE = {
    "budget": Look("#0b3d6e", symbol="square"),
    "obligated": Look("#d55e00", dash="dash", pattern="/", symbol="diamond"),
    "spent": Look("#009e73", dash="dot", pattern=".", symbol="circle"),
}
# Federal deadlines: a colour no measure uses.
DEADLINE_STYLE = Look("#882255", dash="dashdot", width=2)
# Incidents: the as-of year and the comparison year keep their looks whatever the range.
YEAR_STYLE = {
    "as_of": Look("#0072b2", width=4),
    "compare": Look("#cc79a7", dash="dash", symbol="diamond"),
    "other": Look("#8a8f98", dash="dot", width=2),
}
# Results (programs/results_chart.py): an area's main output to date, and the month of
# its first expenditure; the budget and the target are thinner rules of their lines' colour.
OUTPUT_STYLE = Look("#6a3d9a", symbol="square")
FIRST_SPENT_STYLE = Look(INK, dash="dash", width=2)
# Earlier years, newest first: dashes neither emphasised year uses.
OTHER_DASHES = ["dot", "dashdot", "longdash", "longdashdot"]
# On a phone, tick labels stay upright: plotly's slanted ones crowd and cut each other.
NARROW_XAXIS = {"tickangle": 0}
# Counts: whole-number steps of 1, 2, 5 times a power of ten, at most this many per axis.
MAX_COUNT_INTERVALS = 5


@dataclass(frozen=True)
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool]  # per column: right-align

    def cells(self):
        """Rows as (text, is_numeric) pairs, for the template."""
        return [list(zip(row, self.numeric, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class Chart:
    key: str  # unique on the page; names the element ids
    title: str
    summary: str
    figure: dict
    table: Table

    @classmethod
    def of(cls, key: str, title: str, summary: str, fig: go.Figure, table: Table):
        """The chart of plotly figure `fig`, as the data static/js/charts.js draws."""
        return cls(key, title, summary, json.loads(fig.to_json()), table)

    @property
    def figure_id(self) -> str:
        return f"figure-{self.key}"

    @property
    def data_id(self) -> str:
        return f"figure-{self.key}-data"


def layout(
    fig: go.Figure,
    height: int,
    print_scale: float | None = None,
    narrow_xaxis: dict | None = None,
    **axes,
) -> None:
    """The house layout, `height` pixels tall on screen. `print_scale` shrinks the chart
    on paper by other than static/js/charts.js's default. `narrow_xaxis`: x-axis settings
    that static/js/charts.js swaps in while the chart is narrower than 600 px (a phone),
    where fewer, shorter tick labels fit upright; see NARROW_XAXIS."""
    meta = {}
    if print_scale is not None:
        meta["print_scale"] = print_scale
    if narrow_xaxis is not None:
        meta["narrow_xaxis"] = {**NARROW_XAXIS, **narrow_xaxis}
    if meta:
        axes["meta"] = meta
    fig.update_layout(
        template="none",
        height=height,
        margin={"l": 60, "r": 20, "t": 10, "b": 50},
        font={"family": "system-ui, sans-serif", "size": 15, "color": INK},
        legend={"orientation": "h", "y": -0.18, "x": 0},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        **axes,
    )
    fig.update_xaxes(showgrid=False, linecolor=INK, ticks="outside")
    fig.update_yaxes(gridcolor="#d0d4da", zeroline=True, zerolinecolor=INK)


def plain_text(text: str) -> str:
    """`text` as plotly shows it, character for character. plotly reads a subset of HTML
    in labels, legends, annotations and hover text (`<a href>`, `<b>`, `<br>`, entities),
    so a name that staff wrote must reach a figure escaped."""
    return html.escape(text, quote=False)


def wrap_label(text: str, width: int = 24) -> str:
    """Break a long axis label over lines (plotly reads <br>) so it fits a phone screen;
    the text itself stays plain. Wrapped before escaping, so no entity is split."""
    lines = textwrap.wrap(text, width) or [text]
    return "<br>".join(plain_text(line) for line in lines)


def count_axis(maximum: int) -> dict:
    """A y-axis of counts: whole-number ticks from 0 in steps of 1, 2, 5, 10, 20, 50, …
    so that `maximum` needs at most MAX_COUNT_INTERVALS of them."""
    scale = 1
    while True:
        for step in (scale, 2 * scale, 5 * scale):
            if maximum <= step * MAX_COUNT_INTERVALS:
                return {
                    "tick0": 0,
                    "dtick": step,
                    "tickformat": ",d",
                    "rangemode": "tozero",
                }
        scale *= 10
