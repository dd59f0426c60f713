"""The incident charts: one metric's monthly counts, the as-of year against earlier years,
with the sentence that compares the year to date. Drawn in the shared frame
(binghamton_safety/chart_frame.py) from the year-to-date engine's series (ytd.py); the
long-run trend charts are in trend_charts.py."""

import datetime
from dataclasses import replace

import plotly.graph_objects as go

from binghamton_safety.chart_frame import (
    OTHER_DASHES,
    YEAR_STYLE,
    Chart,
    Look,
    Table,
    count_axis,
    layout,
)
from binghamton_safety.wording import count_of, long_date

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
    "firearms_bought_back": ("firearm bought back", "firearms bought back"),
}


def ytd_sentence(comparison, as_of: datetime.date, compare_year: int) -> str:
    """E.g. "As of May 4, 2022 there were 18 confirmed shots-fired reports, 8 more than by
    the same date in 2021"."""
    nouns = NOUNS[comparison.key]
    if comparison.current is None:
        return f"There are no {nouns[1]} on record for {as_of.year}."
    text = f"As of {long_date(as_of)} there were {count_of(comparison.current, *nouns)}"
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


def _year_traces(fig: go.Figure, years, counts, as_of, compare_year: int) -> None:
    """A line per year, newest first; the as-of and comparison years' markers larger."""
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


def incidents_monthly(
    series, metric, as_of: datetime.date, compare_year: int, comparison
) -> Chart:
    """Monthly counts of one metric: the as-of year to its as-of month against earlier years."""
    years = sorted(series.years, reverse=True)
    counts = series.counts[metric.key]
    fig = go.Figure()
    _year_traces(fig, years, counts, as_of, compare_year)
    layout(fig, height=320)
    highest = max(
        (v for year in years for v in counts[year] if v is not None), default=0
    )
    fig.update_yaxes(**count_axis(highest))
    # Twelve short month names fit a phone screen upright (the heading says "per month").
    fig.update_layout(margin={"l": 36, "r": 10})
    fig.update_xaxes(tickangle=0, tickfont={"size": 12})
    partial = f"{as_of:%B} {as_of.year} counts only through the {as_of.day}"
    return Chart.of(
        f"monthly-{metric.key}".replace("_", "-"),
        f"{metric.label}, month by month",
        ytd_sentence(comparison, as_of, compare_year) + f" ({partial}.)",
        fig,
        _monthly_table(metric.label, partial, years, counts),
    )
