"""The long-run trend charts: a metric month by month within its normal range (the
c-chart limits of trends.py), with the sentence that says whether the latest complete month
was within it; and this year's running total against the comparison year's and the range
of the five years before. Drawn in the shared frame (binghamton_safety/chart_frame.py)."""

import datetime
import math

import plotly.graph_objects as go

from binghamton_safety import chart_frame as frame
from binghamton_safety.chart_frame import INK, Look
from binghamton_safety.wording import count_of, long_date, short_date

from .charts import NOUNS
from .trends import (
    CALENDAR,
    POSITION,
    UNUSUALLY_HIGH,
    UNUSUALLY_LOW,
    CumulativeCurve,
    MonthTrend,
)

# The trend's looks, which no other chart uses: the monthly count in ink, its average
# (center) dotted, its normal range a pale blue band, unusual months outlined triangles.
TREND_STYLE = {
    "count": Look(INK, width=2),
    "center": Look(INK, dash="dot", width=1),
    UNUSUALLY_HIGH: Look("#e69f00", symbol="triangle-up"),
    UNUSUALLY_LOW: Look("#e69f00", symbol="triangle-down"),
}
RANGE_FILL = "rgba(86, 180, 233, 0.35)"
# The five-year range of the running totals: the grey of the earlier years.
EARLIER_FILL = "rgba(138, 143, 152, 0.35)"
NO_RANGE = "no normal range yet: fewer than three earlier years of data"
# Printed shorter than other charts: a public summary on paper stays short.
PRINT_SCALE = 0.4
# The reference leap year whose dates place every year's running total on one axis.
REFERENCE_YEAR = 2000


def normal_range(month: MonthTrend) -> str:
    """The whole counts within the month's limits: "0 to 7" (or "0" when one)."""
    low, high = month.limits.normal_counts()
    return f"{low:,}" if low == high else f"{low:,} to {high:,}"


def trend_sentence(metric_key: str, month: MonthTrend | None) -> str:
    """E.g. "In October 2026 there were 3 people shot, within the normal range of 0 to 7
    for the month"; `month` is the latest complete one."""
    nouns = NOUNS[metric_key]
    if month is None:
        return f"There is no complete month of {nouns[1]} on record yet."
    verb = "was" if month.count == 1 else "were"
    text = f"In {month.month:%B %Y} there {verb} {count_of(month.count, *nouns)}"
    if month.limits is None:
        return f"{text}; {NO_RANGE}."
    where = {None: "within", UNUSUALLY_HIGH: "above", UNUSUALLY_LOW: "below"}
    return (
        f"{text}, {where[month.flag]} the normal range of {normal_range(month)} "
        "for the month."
    )


def _band(fig: go.Figure, x: list, low: list, high: list, name: str, fill: str, shape):
    """A filled band from `low` to `high`: an unlabelled lower edge, then the upper edge
    filled down to it; `shape` "hv" steps from point to point, "linear" slopes."""
    line = {"width": 0, "shape": shape}
    edge = {"mode": "lines", "line": line, "hoverinfo": "skip"}
    fig.add_trace(
        go.Scatter(x=x, y=low, showlegend=False, name=f"{name} (low)", **edge)
    )
    fig.add_trace(
        go.Scatter(x=x, y=high, name=name, fill="tonexty", fillcolor=fill, **edge)
    )


def _range_traces(fig: go.Figure, months: list[MonthTrend]) -> None:
    """The normal range as a band, and its center, over the months that have them."""
    judged = [m for m in months if m.limits]
    if not judged:
        return
    x = [m.month.isoformat() for m in judged]
    lower = [float(m.limits.lower) for m in judged]
    upper = [float(m.limits.upper) for m in judged]
    # A year's months share their limits: flat through the year, a step at January.
    _band(fig, x, lower, upper, "Normal range", RANGE_FILL, "hv")
    fig.add_trace(
        go.Scatter(
            name="Average of the 3 years before",
            x=x,
            y=[float(m.limits.center) for m in judged],
            mode="lines",
            line={**TREND_STYLE["center"].line(), "shape": "hv"},
            hoverinfo="skip",
        )
    )


def trend_traces(fig: go.Figure, months: list[MonthTrend]) -> None:
    """The range, the monthly counts, and a marker on each unusual month (also the
    results page's outcome panel, programs/results_chart.py)."""
    _range_traces(fig, months)
    look = TREND_STYLE["count"]
    fig.add_trace(
        go.Scatter(
            name="Count",
            x=[m.month.isoformat() for m in months],
            y=[m.count for m in months],
            customdata=[
                f"normal range {normal_range(m)}" if m.limits else "no normal range"
                for m in months
            ],
            mode="lines+markers",
            line=look.line(),
            marker={"color": look.color, "size": 4},
            hovertemplate="%{x|%B %Y}: %{y}<br>%{customdata}<extra></extra>",
        )
    )
    for flag in (UNUSUALLY_HIGH, UNUSUALLY_LOW):
        flagged = [m for m in months if m.flag == flag]
        if not flagged:
            continue
        look = TREND_STYLE[flag]
        fig.add_trace(
            go.Scatter(
                name=flag.capitalize(),
                x=[m.month.isoformat() for m in flagged],
                y=[m.count for m in flagged],
                mode="markers",
                marker={
                    "color": look.color,
                    "symbol": look.symbol,
                    "size": 12,
                    "line": {"color": INK, "width": 1.5},
                },
                hovertemplate="%{x|%B %Y}: %{y}, " + flag + "<extra></extra>",
            )
        )


def _trend_table(label: str, months: list[MonthTrend]) -> frame.Table:
    return frame.Table(
        caption=f"{label} per month, with the normal range of each",
        headers=["Month", "Count", "Normal range", "Average of the 3 years before", ""],
        rows=[
            [
                f"{m.month:%B %Y}",
                f"{m.count:,}",
                normal_range(m) if m.limits else "—",
                f"{m.limits.shown()[0]}" if m.limits else "—",
                (m.flag or "").capitalize(),
            ]
            for m in months
        ],
        numeric=[False, True, True, True, False],
    )


def year_ticks(months: list[datetime.date]) -> dict:
    """On a phone, a tick every year or every few over `months` (in order), named by
    the year alone, at most five."""
    years = months[-1].year - months[0].year + 1 if months else 1
    return {"tickformat": "%Y", "dtick": f"M{12 * math.ceil(years / 5)}"}


def trend_chart(metric, months: list[MonthTrend]) -> frame.Chart:
    """One metric month by month since its first year, within its normal range."""
    fig = go.Figure()
    trend_traces(fig, months)
    ticks = year_ticks([m.month for m in months])
    frame.layout(fig, height=340, print_scale=PRINT_SCALE, narrow_xaxis=ticks)
    # In drawing order (plotly would reverse it for a filled band).
    fig.update_layout(legend={"traceorder": "normal"})
    fig.update_xaxes(tickformat="%b %Y")
    highest = max(
        [m.count for m in months]
        + [math.ceil(m.limits.upper) for m in months if m.limits],
        default=0,
    )
    fig.update_yaxes(**frame.count_axis(highest))
    sentence = trend_sentence(metric.key, months[-1] if months else None)
    return frame.Chart.of(
        f"trend-{metric.key}".replace("_", "-"),
        f"{metric.label}: the long run",
        sentence,
        fig,
        _trend_table(metric.label, months),
    )


def _day(position: int) -> str:
    return datetime.date(REFERENCE_YEAR, *CALENDAR[position]).isoformat()


# The positions of the last day of each month (February's is Feb 29).
MONTH_ENDS = [
    index
    for index, (month, day) in enumerate(CALENDAR)
    if index + 1 == len(CALENDAR) or CALENDAR[index + 1][0] != month
]


def _line(fig, name: str, look: Look, totals: list[int], positions: list[int]):
    fig.add_trace(
        go.Scatter(
            name=name,
            x=[_day(p) for p in positions],
            y=[totals[p] for p in positions],
            mode="lines",
            line=look.line(),
            hovertemplate="%{x|%b %d}: %{y}<extra>" + name + "</extra>",
        )
    )


def _cumulative_sentence(metric_key: str, curve: CumulativeCurve) -> str:
    nouns = NOUNS[metric_key]
    as_of, at = curve.as_of, POSITION[(curve.as_of.month, curve.as_of.day)]
    if not curve.current:
        return f"There are no {nouns[1]} on record for {as_of.year}."
    text = f"By {long_date(as_of)} there were {count_of(curve.current[-1], *nouns)}"
    if curve.previous is None:
        text += f"; there are no records to compare with for {curve.compare_year}"
    else:
        text += (
            f", against {curve.previous[at]:,} by the same date in {curve.compare_year}"
        )
    if curve.low is None:
        return f"{text}; no five-year range yet: fewer than two of the five years before have data."
    years = f"{curve.range_years[0]}–{curve.range_years[-1]}"
    return f"{text}; in {years} it ranged from {curve.low[at]:,} to {curve.high[at]:,}."


def _end_or_day(position: int, as_of_position: int) -> str:
    """ "End of January" for a month's end, else "May 4" (the as-of date)."""
    day = datetime.date(REFERENCE_YEAR, *CALENDAR[position])
    if position in MONTH_ENDS and position != as_of_position:
        return f"End of {day:%B}"
    return f"{day:%B} {day.day}"


def _cumulative_table(label: str, curve: CumulativeCurve) -> frame.Table:
    """The running totals at each month's end, and on the as-of date."""
    at = POSITION[(curve.as_of.month, curve.as_of.day)]
    positions = sorted({*MONTH_ENDS, at})
    columns = [(f"{curve.as_of.year} (to {short_date(curve.as_of)})", curve.current)]
    if curve.previous is not None:
        columns.append((str(curve.compare_year), curve.previous))
    if curve.low is not None:
        years = f"{curve.range_years[0]}–{curve.range_years[-1]}"
        columns += [(f"Lowest, {years}", curve.low), (f"Highest, {years}", curve.high)]

    def cell(totals: list[int], position: int) -> str:
        return f"{totals[position]:,}" if position < len(totals) else "—"

    return frame.Table(
        caption=f"{label}, running total from January 1",
        headers=["Date", *[name for name, _ in columns]],
        rows=[
            [_end_or_day(p, at)] + [cell(totals, p) for _, totals in columns]
            for p in positions
        ],
        numeric=[False, *[True for _ in columns]],
    )


def cumulative_chart(metric, curve: CumulativeCurve, daily: bool = True) -> frame.Chart:
    """This year's running total against the comparison year's and the five-year range;
    day by day, or (`daily` False, for the public) at month ends and the as-of date."""
    at = POSITION[(curve.as_of.month, curve.as_of.day)]
    every = list(range(len(CALENDAR))) if daily else MONTH_ENDS
    fig = go.Figure()
    if curve.low is not None:
        years = f"{curve.range_years[0]}–{curve.range_years[-1]}"
        x = [_day(p) for p in every]
        low, high = [curve.low[p] for p in every], [curve.high[p] for p in every]
        _band(fig, x, low, high, f"Range {years}", EARLIER_FILL, "linear")
    if curve.previous is not None:
        _line(
            fig,
            str(curve.compare_year),
            frame.YEAR_STYLE["compare"],
            curve.previous,
            every,
        )
    if curve.current:
        mine = [p for p in every if p < at] + [at]
        _line(
            fig, str(curve.as_of.year), frame.YEAR_STYLE["as_of"], curve.current, mine
        )
    frame.layout(fig, height=340, print_scale=PRINT_SCALE, narrow_xaxis={"dtick": "M3"})
    # This year first in the legend, as in the monthly charts; drawn last, on top.
    fig.update_layout(legend={"traceorder": "reversed"})
    fig.update_xaxes(
        tickformat="%b",
        dtick="M1",
        range=[f"{REFERENCE_YEAR}-01-01", f"{REFERENCE_YEAR}-12-31"],
    )
    tops = [t[-1] for t in (curve.current, curve.previous, curve.high) if t]
    fig.update_yaxes(**frame.count_axis(max(tops, default=0)))
    return frame.Chart.of(
        f"cumulative-{metric.key}".replace("_", "-"),
        f"{metric.label} so far this year",
        _cumulative_sentence(metric.key, curve),
        fig,
        _cumulative_table(metric.label, curve),
    )
