"""Charts for the composed pages, built from plain data.

Each chart comes with a heading, one plain sentence that says what it shows, and the same
numbers as a table (for screen readers, printing and anyone without JavaScript). Money stays
Decimal until the figure is built; plotly gets floats only at that last step.
"""

import datetime
import json
import textwrap
from dataclasses import dataclass
from decimal import Decimal

import plotly.graph_objects as go

from funding.deadlines import days_phrase
from funding.models import money as dollars

INK = "#1a1a1a"
# Colour-blind-safe (Okabe-Ito), each series also told apart by dash or pattern.
SERIES = ["#0b3d6e", "#d55e00", "#009e73", "#cc79a7", "#56b4e9", "#e69f00", "#555555"]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid"]
PATTERNS = ["", "/", "."]


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


def wrap_label(text: str, width: int = 24) -> str:
    """Break a long axis label over lines (plotly reads <br>) so it fits a phone screen."""
    return "<br>".join(textwrap.wrap(text, width)) or text


def _bar_marker(index: int) -> dict:
    """A colour and a hatching pattern, so series differ in grey print too."""
    colour = SERIES[index]
    if not PATTERNS[index]:
        return {"color": colour}
    return {
        "color": colour,
        "pattern": {
            "shape": PATTERNS[index],
            "bgcolor": colour,
            "fgcolor": "#ffffff",
            "fillmode": "replace",
            "solidity": 0.3,
        },
    }


def _as_dict(fig: go.Figure) -> dict:
    return json.loads(fig.to_json())


def area_money(summary) -> Chart:
    """Budget, obligated and spent per funding area (horizontal grouped bars)."""
    names = [wrap_label(row.area.name) for row in summary.areas]
    fig = go.Figure()
    measures = [("Budget", "budget"), ("Obligated", "obligated"), ("Spent", "spent")]
    for index, (label, attr) in enumerate(measures):
        fig.add_trace(
            go.Bar(
                name=label,
                y=names,
                x=[float(getattr(row, attr)) for row in summary.areas],
                orientation="h",
                marker=_bar_marker(index),
                hovertemplate="%{y}<br>" + label + ": $%{x:,.2f}<extra></extra>",
            )
        )
    _layout(fig, height=460, barmode="group")
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(tickprefix="$", separatethousands=True)
    as_of = f"{summary.as_of:%B} {summary.as_of.day}, {summary.as_of.year}"
    sentence = (
        f"As of {as_of}, {dollars(summary.spent)} of the {dollars(summary.budgeted)} "
        f"budgeted to the six areas had been spent and {dollars(summary.obligated)} obligated."
    )
    table = Table(
        caption=f"Money per funding area as of {as_of}",
        headers=["Area", "Budget", "Obligated", "Spent"],
        rows=[
            [
                row.area.name,
                dollars(row.budget),
                dollars(row.obligated),
                dollars(row.spent),
            ]
            for row in summary.areas
        ]
        + [
            [
                "Total",
                dollars(summary.budgeted),
                dollars(summary.obligated),
                dollars(summary.spent),
            ]
        ],
        numeric=[False, True, True, True],
    )
    return Chart("area-money", "Money per funding area", sentence, _as_dict(fig), table)


def cumulative_by_month(
    monthly_rows, kinds=("obligation", "expenditure")
) -> list[tuple[datetime.date, dict[str, Decimal]]]:
    """Running totals per month from (month, kind, total) rows, every month filled in."""
    totals: dict[datetime.date, dict[str, Decimal]] = {}
    for row in monthly_rows:
        month = row["month"]
        totals.setdefault(month, {kind: Decimal("0.00") for kind in kinds})
        totals[month][row["kind"]] += row["total"]
    if not totals:
        return []
    months = []
    month, last = min(totals), max(totals)
    running = {kind: Decimal("0.00") for kind in kinds}
    while month <= last:
        for kind in kinds:
            running[kind] += totals.get(month, {}).get(kind, Decimal("0.00"))
        months.append((month, dict(running)))
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return months


def spending_over_time(monthly_rows, summary) -> Chart:
    """Cumulative obligations and expenditures by month against the total and the deadlines."""
    months = cumulative_by_month(monthly_rows)
    fig = go.Figure()
    x = [month.isoformat() for month, _ in months]
    for index, (label, kind) in enumerate(
        [
            ("Obligated (cumulative)", "obligation"),
            ("Spent (cumulative)", "expenditure"),
        ]
    ):
        fig.add_trace(
            go.Scatter(
                name=label,
                x=x,
                y=[float(values[kind]) for _, values in months],
                mode="lines+markers",
                line={"color": SERIES[index], "dash": DASHES[index], "width": 3},
                hovertemplate="%{x|%B %Y}<br>" + label + ": $%{y:,.2f}<extra></extra>",
            )
        )
    total = float(summary.program.total)
    fig.add_hline(
        y=total,
        line={"color": INK, "dash": "dot"},
        annotation_text=f"Program total {dollars(summary.program.total)}",
        annotation_position="top left",
    )
    for deadline, label in (
        (summary.obligate_by, "Obligate by"),
        (summary.spend_by, "Spend by"),
    ):
        fig.add_vline(x=deadline.isoformat(), line={"color": SERIES[1], "width": 2})
        fig.add_annotation(
            x=deadline.isoformat(),
            y=total * 0.5,
            text=f"{label}<br>{deadline:%b %-d, %Y}",
            showarrow=False,
            xanchor="right",
            bgcolor="#ffffff",
        )
    start = x[0] if x else summary.program.announced_on.isoformat()
    _layout(fig, height=400)
    fig.update_xaxes(range=[start, "2027-03-01"], tickformat="%b %Y")
    fig.update_yaxes(tickprefix="$", separatethousands=True, rangemode="tozero")
    as_of = f"{summary.as_of:%B} {summary.as_of.day}, {summary.as_of.year}"
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
            [
                f"{month:%B %Y}",
                dollars(values["obligation"]),
                dollars(values["expenditure"]),
            ]
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
        per_month.setdefault(
            row["month"],
            {"obligation": Decimal("0.00"), "expenditure": Decimal("0.00")},
        )
        per_month[row["month"]][row["kind"]] += row["total"]
    months = sorted(per_month)
    fig = go.Figure()
    for index, (label, kind) in enumerate(
        [("Obligated", "obligation"), ("Spent", "expenditure")]
    ):
        fig.add_trace(
            go.Bar(
                name=label,
                x=[m.isoformat() for m in months],
                y=[float(per_month[m][kind]) for m in months],
                marker=_bar_marker(index + 1),
                hovertemplate="%{x|%B %Y}<br>" + label + ": $%{y:,.2f}<extra></extra>",
            )
        )
    _layout(fig, height=340, barmode="group")
    fig.update_xaxes(tickformat="%b %Y")
    fig.update_yaxes(tickprefix="$", separatethousands=True)
    spent = sum((per_month[m]["expenditure"] for m in months), Decimal("0.00"))
    busiest = max(months, key=lambda m: per_month[m]["expenditure"], default=None)
    as_of_text = f"{as_of:%B} {as_of.day}, {as_of.year}"
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
            [
                f"{m:%B %Y}",
                dollars(per_month[m]["obligation"]),
                dollars(per_month[m]["expenditure"]),
            ]
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


def long_date(day: datetime.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


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


def incidents_monthly(
    series, metric, as_of: datetime.date, compare_year: int, comparison
) -> Chart:
    """Monthly counts of one metric: the as-of year to its as-of month against earlier years."""
    years = sorted(series.years, reverse=True)
    fig = go.Figure()
    for index, year in enumerate(years):
        values = series.counts[metric.key][year]
        emphasis = year in (as_of.year, compare_year)
        fig.add_trace(
            go.Scatter(
                name=str(year),
                x=MONTHS,
                y=values,
                mode="lines+markers",
                connectgaps=False,
                line={
                    "color": SERIES[index % len(SERIES)] if emphasis else "#8a8f98",
                    "dash": DASHES[index % len(DASHES)],
                    "width": 4 if year == as_of.year else 2,
                },
                marker={"size": 8 if emphasis else 5},
                hovertemplate="%{x} " + str(year) + ": %{y}<extra></extra>",
            )
        )
    _layout(fig, height=320)
    fig.update_yaxes(rangemode="tozero", tickformat=",d")
    # Twelve short month names fit a phone screen upright (the heading says "per month").
    fig.update_layout(margin={"l": 36, "r": 10})
    fig.update_xaxes(tickangle=0, tickfont={"size": 12})
    partial = f"{as_of:%B} {as_of.year} counts only through the {as_of.day}"
    table = Table(
        caption=f"{metric.label} per month ({partial})",
        headers=["Month", *[str(year) for year in years]],
        rows=[
            [
                MONTHS[month],
                *[
                    "—"
                    if series.counts[metric.key][year][month] is None
                    else f"{series.counts[metric.key][year][month]:,}"
                    for year in years
                ],
            ]
            for month in range(12)
        ],
        numeric=[False, *[True for _ in years]],
    )
    return Chart(
        f"monthly-{metric.key}".replace("_", "-"),
        f"{metric.label}, month by month",
        ytd_sentence(comparison, as_of, compare_year) + f" ({partial}.)",
        _as_dict(fig),
        table,
    )
