"""The results page's one chart: an area's money, its main output and the outcome it aims
to move, month by month on one time axis, in panels stacked one above the other:

- spent to date: the area's expenditures summed to each month's end (the ledger's monthly
  totals), against its budget;
- its first measure's value to date at each month's end (`series.py`, as the measures
  table gives it), against the target of the period that holds the as-of date;
- its first outcome, city-wide, month by month within its normal range (the trend
  chart's c-chart, `incidents.trends`). Only the city's counts reach the chart, which the
  public sees whole: the targeted places' counts, which small numbers may withhold
  (`outcomes.disclosed`), stay in the before/after tables.

The months run from twelve before the month of the area's first expenditure (the
tables' "before" span) to the as-of month; a dashed rule marks the first expenditure. A
panel without data (no measure, no outcome) is left out. Drawn in the shared frame
(binghamton_safety/chart_frame.py), with the months as a table.
"""

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

import plotly.graph_objects as go

from binghamton_safety import chart_frame as frame
from binghamton_safety.chart_frame import FIRST_SPENT_STYLE, MEASURE_STYLE, OUTPUT_STYLE
from binghamton_safety.money import ZERO
from binghamton_safety.money import money as dollars
from binghamton_safety.wording import long_date, short_date
from funding.charts import MONEY_AXIS, cumulative_by_month
from funding.ledger import SpendingKind
from funding.summary import AreaFigures
from incidents.trend_charts import (
    normal_range,
    trend_sentence,
    trend_traces,
    year_ticks,
)
from incidents.trends import MonthTrend
from incidents.ytd import Metric

from .outcomes import OutcomeResult, first_expenditure, months_back
from .results import AreaResults, MeasureFigures
from .series import value_by_month
from .templatetags.measures import measure_value

# Each panel's plot, and the room above it for its title (a line of it: a title wraps
# at TITLE_WIDTH letters, to fit a phone), in pixels.
PANEL_HEIGHT = 190
TITLE_LINE = 22
TITLE_WIDTH = 38
# The bottom margin holds the x-axis's labels and the legend, three lines on a phone.
MARGIN = {"l": 70, "r": 20, "t": 10, "b": 110}
TICK_ROOM = 36  # below the last panel: the x-axis's labels, then the legend
# The room above the highest line or rule of a panel, for the rule's label.
HEADROOM = Decimal("1.25")
REFERENCE_WIDTH = 2
LABEL_FONT = {"size": 13}


@dataclass(frozen=True)
class Month:
    """One month of the chart."""

    month: datetime.date  # its first day
    spent: Decimal  # expenditures to its end (to the as-of date in the as-of month)
    output: Decimal | None  # the measure's value to date; None before its first month
    trend: MonthTrend | None  # the outcome's city-wide count; None: not complete yet


@dataclass(frozen=True)
class Series:
    """What the chart shows of one area as of `as_of`."""

    figures: AreaFigures  # the area's money as of `as_of`
    as_of: datetime.date
    first_spent: datetime.date | None
    measure: MeasureFigures | None  # the area's first measure
    metric: Metric | None  # its first outcome's
    months: list[Month]


@dataclass(frozen=True)
class Panel:
    title: str
    axis: dict  # the panel's y-axis


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first days of the months from `first`'s to `last`'s."""
    month, months = first.replace(day=1), []
    while month <= last:
        months.append(month)
        month = months_back(month, -1)
    return months


def results_series(
    figures: AreaFigures,
    monthly_rows: list[dict],
    outputs: AreaResults,
    outcome: OutcomeResult | None,
    trend_months: list[MonthTrend],
    as_of: datetime.date,
) -> Series:
    """The chart's months of one area from its ledger's `monthly_rows` to `as_of`, its
    `outputs`, its first `outcome` (None: it has none) and that outcome's city-wide
    `trend_months`: a query or two for the measure (and one for the first expenditure
    when there is no outcome to give it)."""
    area = figures.area
    first = outcome.first_spent if outcome else first_expenditure(area, as_of)
    months = _months(months_back((first or as_of).replace(day=1), 12), as_of)
    spent = {
        row["month"]: row[SpendingKind.EXPENDITURE]
        for row in cumulative_by_month(monthly_rows, through=as_of)
    }
    measure = outputs.measures[0] if outputs.measures else None
    output = [None] * len(months)
    if measure:
        output = value_by_month(measure.measure, months, as_of)
    trend = {month.month: month for month in trend_months}
    return Series(
        figures,
        as_of,
        first,
        measure,
        outcome.metric if outcome else None,
        [
            Month(month, spent.get(month, ZERO), value, trend.get(month))
            for month, value in zip(months, output, strict=True)
        ],
    )


def _x(months) -> list[str]:
    return [month.month.isoformat() for month in months]


def _rule(fig: go.Figure, axis: str, value: Decimal, text: str, color: str, left):
    """A labelled level rule across the panel on `axis` at `value`; the label sits on
    the rule at the panel's left (`left`) or right end."""
    fig.add_shape(
        type="line",
        xref="paper",
        x0=0,
        x1=1,
        yref=axis,
        y0=float(value),
        y1=float(value),
        line={"color": color, "dash": "dash", "width": REFERENCE_WIDTH},
    )
    fig.add_annotation(
        xref="paper",
        x=0 if left else 1,
        xanchor="left" if left else "right",
        yref=axis,
        y=float(value),
        yanchor="bottom",
        text=text,
        showarrow=False,
        bgcolor="#ffffff",
        font={**LABEL_FONT, "color": color},
    )


def _line(fig: go.Figure, axis: str, name: str, look, months, values, hover: str):
    fig.add_trace(
        go.Scatter(
            name=name,
            x=_x(months),
            y=values,
            yaxis=axis,
            mode="lines+markers",
            line=look.line(),
            marker={"color": look.color, "symbol": look.symbol, "size": 5},
            showlegend=False,
            hovertemplate=f"%{{x|%B %Y}}<br>{hover}<extra></extra>",
        )
    )


def _money_panel(fig: go.Figure, series: Series, axis: str) -> Panel:
    """Spent to date, with the budget as a rule."""
    budget = series.figures.budget
    spent = [month.spent for month in series.months]
    _line(
        fig,
        axis,
        "Spent to date",
        MEASURE_STYLE["spent"],
        series.months,
        [float(value) for value in spent],
        "Spent to date: $%{y:,.2f}",
    )
    color = MEASURE_STYLE["budget"].color
    _rule(fig, axis, budget, f"Budget {dollars(budget)}", color, left=False)
    top = max([budget, *spent]) * HEADROOM or 1
    return Panel("Spent to date", {**MONEY_AXIS, "range": [0, float(top)], "nticks": 5})


def _output_panel(fig: go.Figure, series: Series, axis: str) -> Panel:
    """The measure's value to date, with its target as a rule."""
    figures = series.measure
    measure = figures.measure
    counted = [month for month in series.months if month.output is not None]
    values = [month.output for month in counted]
    unit = "%" if measure.is_share else measure.unit
    _line(
        fig,
        axis,
        measure.name,
        OUTPUT_STYLE,
        counted,
        [float(value) for value in values],
        f"{frame.plain_text(measure.name)}: %{{y:,}} {frame.plain_text(unit)}",
    )
    if figures.target is not None:
        text = (
            f"Target {measure_value(figures.target, measure)} by "
            f"{short_date(figures.period.ends_on)}"
        )
        _rule(fig, axis, figures.target, text, OUTPUT_STYLE.color, left=True)
    top = max([figures.target or ZERO, *values]) * HEADROOM or 1
    axis_ = {"range": [0, float(top)]}
    if measure.is_share:
        axis_ |= {"ticksuffix": "%", "nticks": 5}
    else:
        axis_ |= frame.count_axis(int(top))
    return Panel(f"{measure.name} to date ({unit})", axis_)


def _outcome_panel(fig: go.Figure, series: Series, axis: str) -> Panel:
    """The outcome's city-wide monthly counts within their normal range: the trend
    chart's traces, on this panel's axis."""
    months = [month.trend for month in series.months if month.trend]
    traces = go.Figure()
    trend_traces(traces, months)
    for trace in traces.data:
        fig.add_trace(trace.update(yaxis=axis))
    highest = max(
        [m.count for m in months]
        + [math.ceil(m.limits.upper) for m in months if m.limits],
        default=0,
    )
    return Panel(
        f"{series.metric.label} per month, city-wide",
        {**frame.count_axis(highest), "range": [0, highest * float(HEADROOM) or 1]},
    )


def _stack(fig: go.Figure, panels: list[Panel]) -> int:
    """Set the panels one above the other, each under its title, the x-axis (shared)
    below the last; the height of them all in pixels."""
    titles = [frame.wrap_label(panel.title, TITLE_WIDTH) for panel in panels]
    rooms = [TITLE_LINE * (title.count("<br>") + 1) + 8 for title in titles]
    plot = len(panels) * PANEL_HEIGHT + sum(rooms)
    top = plot
    for index, (panel, title, room) in enumerate(
        zip(panels, titles, rooms, strict=True)
    ):
        top -= room
        name = "yaxis" if index == 0 else f"yaxis{index + 1}"
        domain = [(top - PANEL_HEIGHT) / plot, top / plot]
        fig.update_layout({name: {**panel.axis, "domain": domain, "anchor": "x"}})
        fig.add_annotation(
            xref="paper",
            x=0,
            xanchor="left",
            xshift=-MARGIN["l"] + 4,
            yref="paper",
            y=domain[1],
            yanchor="bottom",
            text=f"<b>{title}</b>",
            align="left",
            showarrow=False,
        )
        top -= PANEL_HEIGHT
    fig.update_layout(xaxis={"anchor": f"y{len(panels)}" if len(panels) > 1 else "y"})
    return plot


def _first_spent_rule(fig: go.Figure, first: datetime.date | None, panels: int):
    """A dashed rule through each panel at the month of the first expenditure, labelled
    in the money panel, where nothing is drawn above the line of $0 before it."""
    if first is None:
        return
    month = first.replace(day=1).isoformat()
    for index in range(panels):
        fig.add_shape(
            type="line",
            xref="x",
            x0=month,
            x1=month,
            yref=f"y{index + 1 if index else ''} domain",
            y0=0,
            y1=1,
            line=FIRST_SPENT_STYLE.line(),
        )
    fig.add_annotation(
        xref="x",
        x=month,
        xanchor="left",
        yref="y domain",
        y=0.6,
        text=f"First expenditure<br>{first:%b %Y}",
        align="left",
        showarrow=False,
        bgcolor="#ffffff",
        font=LABEL_FONT,
    )


def _summary(series: Series) -> str:
    """One sentence from the figures: the money, the output, the latest month."""
    figures = series.figures
    as_of = long_date(series.as_of)
    parts = [
        f"By {as_of}, {dollars(figures.spent)} of the {dollars(figures.budget)} "
        "budget had been spent"
        + (f", from {series.first_spent:%B %Y}" if series.first_spent else "")
    ]
    if series.measure:
        measure = series.measure.measure
        text = f"{measure.name}: {measure_value(series.measure.value, measure)}"
        if not measure.is_share:
            text += f" {measure.unit}"
        if series.measure.target is not None:
            text += f" of a target of {measure_value(series.measure.target, measure)}"
        parts.append(text)
    if series.metric:
        trends = [month.trend for month in series.months if month.trend]
        latest = trend_sentence(series.metric.key, trends[-1] if trends else None)
        parts.append(f"city-wide, {latest[0].lower()}{latest[1:].rstrip('.')}")
    return "; ".join(parts) + "."


def _table(series: Series) -> frame.Table:
    """Every month: spent to date, the output to date, the outcome and its range."""
    months, measure, metric = series.months, series.measure, series.metric
    headers, numeric = ["Month", "Spent to date"], [False, True]
    if measure:
        headers.append(f"{measure.measure.name} to date")
        numeric.append(True)
    if metric:
        headers += [
            f"{metric.label}, city-wide",
            "Normal range",
            "Average of the 3 years before",
        ]
        numeric += [True, True, True]
    rows = []
    for month in months:
        row = [f"{month.month:%B %Y}", dollars(month.spent)]
        if measure:
            row.append(measure_value(month.output, measure.measure))
        if metric:
            row += _trend_cells(month.trend)
        rows.append(row)
    first, last = months[0].month, months[-1].month
    caption = (
        f"{series.figures.area.name} month by month, {first:%B %Y} to {last:%B %Y}"
    )
    return frame.Table(caption, headers, rows, numeric)


def _trend_cells(trend: MonthTrend | None) -> list[str]:
    if trend is None:
        return ["—", "—", "—"]
    if trend.limits is None:
        return [f"{trend.count:,}", "—", "—"]
    return [f"{trend.count:,}", normal_range(trend), f"{trend.limits.shown()[0]}"]


def results_chart(series: Series) -> frame.Chart:
    """The area's money, output and outcome over time, one panel each (see the module)."""
    fig = go.Figure()
    panels = [_money_panel(fig, series, "y")]
    if series.measure:
        panels.append(_output_panel(fig, series, f"y{len(panels) + 1}"))
    if series.metric:
        panels.append(_outcome_panel(fig, series, f"y{len(panels) + 1}"))
    plot = _stack(fig, panels)
    _first_spent_rule(fig, series.first_spent, len(panels))
    months = [month.month for month in series.months]
    height = plot + MARGIN["t"] + MARGIN["b"]
    frame.layout(fig, height=height, narrow_xaxis=year_ticks(months))
    half = datetime.timedelta(days=15)
    fig.update_layout(
        margin=MARGIN,
        # The outcome's legend (the other panels are titled and labelled), under the
        # x-axis's labels; in drawing order (plotly would reverse it for a filled band).
        legend={"traceorder": "normal", "y": -TICK_ROOM / plot, "yanchor": "top"},
    )
    fig.update_xaxes(
        tickformat="%b %Y",
        range=[(months[0] - half).isoformat(), (months[-1] + half).isoformat()],
    )
    return frame.Chart.of(
        "area-results",
        "Money, output and outcome over time",
        _summary(series),
        fig,
        _table(series),
    )
