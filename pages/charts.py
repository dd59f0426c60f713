"""Charts for the composed pages, built from plain data.

Each chart comes with a heading, one plain sentence that says what it shows, and the same
numbers as a table (for screen readers, printing and anyone without JavaScript). Money stays
Decimal until the figure is built; plotly gets floats only at that last step.
"""

import datetime
import html
import json
import textwrap
from dataclasses import dataclass, replace
from decimal import Decimal

import plotly.graph_objects as go

from binghamton_safety.money import ZERO
from binghamton_safety.money import money as dollars
from funding.deadlines import days_phrase

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


# Money: one look per measure, whatever the chart.
MEASURE_STYLE = {
    "budget": Look("#0b3d6e", symbol="square"),
    "obligated": Look("#d55e00", dash="dash", pattern="/", symbol="diamond"),
    "spent": Look("#009e73", dash="dot", pattern=".", symbol="circle"),
}
# The ledger's kinds of spending entry, by the measure they add to.
KIND_MEASURE = {"obligation": "obligated", "expenditure": "spent"}
# Federal deadlines: a colour no measure uses.
DEADLINE_STYLE = Look("#882255", dash="dashdot", width=2)
# Incidents: the as-of year and the comparison year keep their looks whatever the range.
YEAR_STYLE = {
    "as_of": Look("#0072b2", width=4),
    "compare": Look("#cc79a7", dash="dash", symbol="diamond"),
    "other": Look("#8a8f98", dash="dot", width=2),
}
# Earlier years, newest first: dashes neither emphasised year uses.
OTHER_DASHES = ["dot", "dashdot", "longdash", "longdashdot"]
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

    @property
    def figure_id(self) -> str:
        return f"figure-{self.key}"

    @property
    def data_id(self) -> str:
        return f"figure-{self.key}-data"


def _layout(fig: go.Figure, height: int, **axes) -> None:
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


def long_date(day: datetime.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def short_date(day: datetime.date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def _as_dict(fig: go.Figure) -> dict:
    return json.loads(fig.to_json())


def area_money(summary) -> Chart:
    """Budget, obligated and spent per funding area (horizontal grouped bars)."""
    names = [wrap_label(row.area.name) for row in summary.areas]
    fig = go.Figure()
    for measure, look in MEASURE_STYLE.items():
        label = measure.capitalize()
        fig.add_trace(
            go.Bar(
                name=label,
                y=names,
                x=[float(getattr(row, measure)) for row in summary.areas],
                orientation="h",
                marker=look.bar(),
                # The name reaches the hover text only as %{y}, already plain: written
                # into the template itself, plotly would also read any %{...} in it.
                hovertemplate="%{y}<br>" + label + ": $%{x:,.2f}<extra></extra>",
            )
        )
    # Printed taller than other charts: its two-line area names need the room.
    _layout(fig, height=460, barmode="group", meta={"print_scale": 0.7})
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(tickprefix="$", separatethousands=True)
    as_of = long_date(summary.as_of)
    sentence = (
        f"As of {as_of}, {dollars(summary.spent)} of the {dollars(summary.budgeted)} "
        f"budgeted to the six areas had been spent and {dollars(summary.obligated)} obligated."
    )
    totals = [summary.budgeted, summary.obligated, summary.spent]
    table = Table(
        caption=f"Money per funding area as of {as_of}",
        headers=["Area", *[measure.capitalize() for measure in MEASURE_STYLE]],
        rows=[
            [row.area.name, *[dollars(getattr(row, m)) for m in MEASURE_STYLE]]
            for row in summary.areas
        ]
        + [["Total", *[dollars(total) for total in totals]]],
        numeric=[False, True, True, True],
    )
    return Chart("area-money", "Money per funding area", sentence, _as_dict(fig), table)


def _next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def cumulative_by_month(
    monthly_rows, through: datetime.date | None = None, kinds=tuple(KIND_MEASURE)
) -> list[tuple[datetime.date, dict[str, Decimal]]]:
    """Running totals per month from (month, kind, total) rows, every month filled in,
    carried forward to the month of `through` when given."""
    totals: dict[datetime.date, dict[str, Decimal]] = {}
    for row in monthly_rows:
        month = row["month"]
        totals.setdefault(month, dict.fromkeys(kinds, ZERO))
        totals[month][row["kind"]] += row["total"]
    if not totals:
        return []
    months = []
    month, last = min(totals), max(totals)
    if through is not None:
        last = max(last, through.replace(day=1))
    running = dict.fromkeys(kinds, ZERO)
    while month <= last:
        for kind in kinds:
            running[kind] += totals.get(month, {}).get(kind, ZERO)
        months.append((month, dict(running)))
        month = _next_month(month)
    return months


def _cumulative_traces(fig: go.Figure, months, as_of: datetime.date) -> None:
    """One line per measure; the as-of month's point sits on the as-of date itself and is
    drawn larger, with a label, so the lines visibly end where the figures do."""
    x = [month.isoformat() for month, _ in months[:-1]] + [as_of.isoformat()]
    sizes = [6] * (len(months) - 1) + [14]
    for kind, measure in KIND_MEASURE.items():
        look = MEASURE_STYLE[measure]
        label = f"{measure.capitalize()} (cumulative)"
        fig.add_trace(
            go.Scatter(
                name=label,
                x=x,
                y=[float(values[kind]) for _, values in months],
                mode="lines+markers",
                line=look.line(),
                marker={"color": look.color, "symbol": look.symbol, "size": sizes},
                hovertemplate="%{x|%B %Y}<br>" + label + ": $%{y:,.2f}<extra></extra>",
            )
        )
    fig.add_annotation(
        x=as_of.isoformat(),
        y=float(max(months[-1][1].values())),
        text=f"As of {short_date(as_of)}",
        showarrow=True,
        arrowcolor=INK,
        ax=-20,
        ay=-36,
        xanchor="right",
        bgcolor="#ffffff",
    )


def _deadline_rules(fig: go.Figure, summary) -> None:
    """The program total across, and a labelled rule at each federal deadline."""
    total = float(summary.program.total)
    fig.add_hline(
        y=total,
        line={"color": INK, "dash": "dot"},
        annotation_text=f"Program total {dollars(summary.program.total)}",
        annotation_position="top left",
    )
    # Low on the chart, where the money lines seldom are by the time the deadlines
    # come, and at two heights so the labels stay apart on a phone.
    for deadline, label, height in (
        (summary.obligate_by, "Obligate by", 0.3),
        (summary.spend_by, "Spend by", 0.1),
    ):
        fig.add_vline(x=deadline.isoformat(), line=DEADLINE_STYLE.line())
        fig.add_annotation(
            x=deadline.isoformat(),
            y=total * height,
            text=f"{label}<br>{short_date(deadline)}",
            showarrow=False,
            xanchor="right",
            bgcolor="#ffffff",
            font={"color": DEADLINE_STYLE.color},
        )


def spending_over_time(monthly_rows, summary) -> Chart:
    """Cumulative obligations and expenditures by month to the as-of date, against the
    program total and the deadlines."""
    months = cumulative_by_month(monthly_rows, through=summary.as_of)
    fig = go.Figure()
    if months:
        _cumulative_traces(fig, months, summary.as_of)
    _deadline_rules(fig, summary)
    start = months[0][0] if months else summary.program.announced_on
    _layout(fig, height=400)
    fig.update_xaxes(range=[start.isoformat(), "2027-03-01"], tickformat="%b %Y")
    fig.update_yaxes(tickprefix="$", separatethousands=True, rangemode="tozero")
    as_of = long_date(summary.as_of)
    sentence = (
        f"By {as_of}, {dollars(summary.obligated)} of {dollars(summary.program.total)} "
        f"was obligated (obligation deadline: "
        f"{days_phrase(summary.days_to_obligation_deadline)}) and "
        f"{dollars(summary.spent)} spent (spending deadline: "
        f"{days_phrase(summary.days_to_spending_deadline)})."
    )
    table = Table(
        caption=f"Cumulative obligations and expenditures by month, through {as_of}",
        headers=["Month", "Obligated (cumulative)", "Spent (cumulative)"],
        rows=[
            [f"{month:%B %Y}", *[dollars(values[kind]) for kind in KIND_MEASURE]]
            for month, values in months
        ],
        numeric=[False, True, True],
    )
    return Chart(
        "spending-over-time", "Spending over time", sentence, _as_dict(fig), table
    )


def area_monthly_spending(area_name: str, monthly_rows, as_of: datetime.date) -> Chart:
    """Obligations and expenditures of one area, month by month (not cumulative)."""
    per_month: dict[datetime.date, dict[str, Decimal]] = {}
    for row in monthly_rows:
        per_month.setdefault(row["month"], dict.fromkeys(KIND_MEASURE, ZERO))
        per_month[row["month"]][row["kind"]] += row["total"]
    months = sorted(per_month)
    fig = go.Figure()
    for kind, measure in KIND_MEASURE.items():
        label = measure.capitalize()
        fig.add_trace(
            go.Bar(
                name=label,
                x=[m.isoformat() for m in months],
                y=[float(per_month[m][kind]) for m in months],
                marker=MEASURE_STYLE[measure].bar(),
                hovertemplate="%{x|%B %Y}<br>" + label + ": $%{y:,.2f}<extra></extra>",
            )
        )
    _layout(fig, height=340, barmode="group")
    fig.update_xaxes(tickformat="%b %Y")
    fig.update_yaxes(tickprefix="$", separatethousands=True)
    spent = sum((per_month[m]["expenditure"] for m in months), ZERO)
    busiest = max(months, key=lambda m: per_month[m]["expenditure"], default=None)
    as_of_text = long_date(as_of)
    if busiest is None or not spent:
        sentence = f"Nothing had been spent on {area_name} by {as_of_text}."
    else:
        sentence = (
            f"{dollars(spent)} was spent on {area_name} by {as_of_text}; the most in one "
            f"month was {dollars(per_month[busiest]['expenditure'])} in {busiest:%B %Y}."
        )
    table = Table(
        caption=f"{area_name}: obligations and expenditures per month, through {as_of_text}",
        headers=["Month", "Obligated", "Spent"],
        rows=[
            [f"{m:%B %Y}", *[dollars(per_month[m][kind]) for kind in KIND_MEASURE]]
            for m in months
        ],
        numeric=[False, True, True],
    )
    return Chart(
        "area-monthly", "Spending month by month", sentence, _as_dict(fig), table
    )


# --- Incidents ----------------------------------------------------------------------------

MONTHS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]

# How each metric reads in a sentence ("18 confirmed shots-fired reports").
NOUNS = {
    "shots_fired_confirmed": (
        "confirmed shots-fired report",
        "confirmed shots-fired reports",
    ),
    "shooting_incidents_with_injury": (
        "shooting with someone hit",
        "shootings with someone hit",
    ),
    "shooting_victims": ("person shot", "people shot"),
    "victims_killed": ("person shot and killed", "people shot and killed"),
    "firearms_recovered": ("firearm recovered", "firearms recovered"),
}


def count_of(metric_key: str, count: int) -> str:
    singular, plural = NOUNS[metric_key]
    return f"{count:,} {singular if count == 1 else plural}"


def ytd_sentence(comparison, as_of: datetime.date, compare_year: int) -> str:
    """E.g. "As of May 4, 2022 there were 18 confirmed shots-fired reports, 8 more than by
    the same date in 2021"."""
    key = comparison.key
    if comparison.current is None:
        return f"There are no {NOUNS[key][1]} on record for {as_of.year}."
    text = f"As of {long_date(as_of)} there were {count_of(key, comparison.current)}"
    if comparison.previous is None:
        return f"{text}; there are no records to compare with for {compare_year}."
    change = comparison.change
    if change == 0:
        return f"{text}, the same number as by the same date in {compare_year}."
    more = "more" if change > 0 else "fewer"
    return f"{text}, {abs(change):,} {more} than by the same date in {compare_year}."


def _year_look(year: int, as_of: datetime.date, compare_year: int, index: int) -> Look:
    """Fixed looks for the as-of and comparison years; earlier years grey, told apart by
    dash (`index`: the year's place in the legend, newest first)."""
    if year == as_of.year:
        return YEAR_STYLE["as_of"]
    if year == compare_year:
        return YEAR_STYLE["compare"]
    return replace(YEAR_STYLE["other"], dash=OTHER_DASHES[index % len(OTHER_DASHES)])


def _monthly_table(label: str, partial: str, years: list[int], counts) -> Table:
    """One row per month, one column per year; a dash where a year has no data yet."""
    return Table(
        caption=f"{label} per month ({partial})",
        headers=["Month", *[str(year) for year in years]],
        rows=[
            [
                MONTHS[month],
                *[
                    "—" if counts[year][month] is None else f"{counts[year][month]:,}"
                    for year in years
                ],
            ]
            for month in range(12)
        ],
        numeric=[False, *[True for _ in years]],
    )


def incidents_monthly(
    series, metric, as_of: datetime.date, compare_year: int, comparison
) -> Chart:
    """Monthly counts of one metric: the as-of year to its as-of month against earlier years."""
    years = sorted(series.years, reverse=True)
    counts = series.counts[metric.key]
    fig = go.Figure()
    for index, year in enumerate(years):
        emphasis = year in (as_of.year, compare_year)
        look = _year_look(year, as_of, compare_year, index)
        fig.add_trace(
            go.Scatter(
                name=str(year),
                x=MONTHS,
                y=counts[year],
                mode="lines+markers",
                connectgaps=False,
                line=look.line(),
                marker={
                    "color": look.color,
                    "symbol": look.symbol,
                    "size": 8 if emphasis else 5,
                },
                hovertemplate="%{x} " + str(year) + ": %{y}<extra></extra>",
            )
        )
    _layout(fig, height=320)
    highest = max(
        (v for year in years for v in counts[year] if v is not None), default=0
    )
    fig.update_yaxes(**count_axis(highest))
    # Twelve short month names fit a phone screen upright (the heading says "per month").
    fig.update_layout(margin={"l": 36, "r": 10})
    fig.update_xaxes(tickangle=0, tickfont={"size": 12})
    partial = f"{as_of:%B} {as_of.year} counts only through the {as_of.day}"
    table = _monthly_table(metric.label, partial, years, counts)
    return Chart(
        f"monthly-{metric.key}".replace("_", "-"),
        f"{metric.label}, month by month",
        ytd_sentence(comparison, as_of, compare_year) + f" ({partial}.)",
        _as_dict(fig),
        table,
    )
