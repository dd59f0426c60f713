"""The money charts: budget, obligated and spent per area; spending over time against the
deadlines; one area's spending month by month. Drawn in the shared frame
(binghamton_safety/chart_frame.py) from the ledger's monthly totals (ledger.py)."""

import datetime

import plotly.graph_objects as go

from binghamton_safety.chart_frame import (
    DEADLINE_STYLE,
    INK,
    MEASURE_STYLE,
    Chart,
    Table,
    layout,
    wrap_label,
)
from binghamton_safety.money import ZERO
from binghamton_safety.money import money as dollars
from binghamton_safety.wording import days_phrase, long_date, short_date

from .ledger import KIND_FIGURE

# A y- or x-axis of dollars.
MONEY_AXIS = {"tickprefix": "$", "separatethousands": True}


def _hover(heading: str, label: str, axis: str) -> str:
    """Hover text: `heading` (plotly's own %{...} of a month or name, already plain),
    then `label` and the dollars on `axis`."""
    return f"{heading}<br>{label}: $%{{{axis}:,.2f}}<extra></extra>"


def _bars(
    fig: go.Figure, categories: list, amounts: dict, heading: str, horizontal=False
):
    """A bar per category for each measure of `amounts` (measure: its Decimals), in the
    measure's look; `heading` is plotly's %{...} of the category, for the hover text."""
    amount_axis, category_axis = ("x", "y") if horizontal else ("y", "x")
    for measure, values in amounts.items():
        label = measure.capitalize()
        fig.add_trace(
            go.Bar(
                name=label,
                **{category_axis: categories, amount_axis: [float(v) for v in values]},
                orientation="h" if horizontal else None,
                marker=MEASURE_STYLE[measure].bar(),
                # A name reaches the hover text only as %{...}, already plain: written
                # into the template itself, plotly would also read any %{...} in it.
                hovertemplate=_hover(heading, label, amount_axis),
            )
        )


def area_money(summary) -> Chart:
    """Budget, obligated and spent per funding area (horizontal grouped bars)."""
    fig = go.Figure()
    _bars(
        fig,
        [wrap_label(row.area.name) for row in summary.areas],
        {m: [getattr(row, m) for row in summary.areas] for m in MEASURE_STYLE},
        "%{y}",
        horizontal=True,
    )
    # Printed taller than other charts: its two-line area names need the room. On a
    # phone those names leave the bars a third of the width: room for two dollar labels.
    layout(
        fig,
        height=460,
        print_scale=0.7,
        narrow_xaxis={"nticks": 2},
        barmode="group",
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(**MONEY_AXIS)
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
    return Chart.of("area-money", "Money per funding area", sentence, fig, table)


def _next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def cumulative_by_month(monthly_rows, through: datetime.date | None = None) -> list:
    """Running totals per month from the ledger's `monthly_totals` (a row a month, one
    sum per kind), every month filled in, carried forward to the month of `through`
    when given. Rows shaped like theirs."""
    by_month = {row["month"]: row for row in monthly_rows}
    if not by_month:
        return []
    month, last = min(by_month), max(by_month)
    if through is not None:
        last = max(last, through.replace(day=1))
    running = dict.fromkeys(KIND_FIGURE, ZERO)
    months = []
    while month <= last:
        for kind in KIND_FIGURE:
            running[kind] += by_month.get(month, {}).get(kind, ZERO)
        months.append({"month": month, **running})
        month = _next_month(month)
    return months


def _month_table(caption: str, headers: list[str], months) -> Table:
    """A row a month: the month, then the dollars of each kind."""
    return Table(
        caption=caption,
        headers=headers,
        rows=[
            [f"{row['month']:%B %Y}", *[dollars(row[kind]) for kind in KIND_FIGURE]]
            for row in months
        ],
        numeric=[False, True, True],
    )


def _cumulative_traces(fig: go.Figure, months, as_of: datetime.date) -> None:
    """One line per measure; the as-of month's point sits on the as-of date itself and is
    drawn larger, with a label, so the lines visibly end where the figures do."""
    x = [row["month"].isoformat() for row in months[:-1]] + [as_of.isoformat()]
    sizes = [6] * (len(months) - 1) + [14]
    for kind, measure in KIND_FIGURE.items():
        look = MEASURE_STYLE[measure]
        label = f"{measure.capitalize()} (cumulative)"
        fig.add_trace(
            go.Scatter(
                name=label,
                x=x,
                y=[float(row[kind]) for row in months],
                mode="lines+markers",
                line=look.line(),
                marker={"color": look.color, "symbol": look.symbol, "size": sizes},
                hovertemplate=_hover("%{x|%B %Y}", label, "y"),
            )
        )
    fig.add_annotation(
        x=as_of.isoformat(),
        y=float(max(months[-1][kind] for kind in KIND_FIGURE)),
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
    start = months[0]["month"] if months else summary.program.announced_on
    # On a phone, a tick a year, named by the year alone.
    layout(fig, height=400, narrow_xaxis={"tickformat": "%Y", "dtick": "M12"})
    # A date axis even before the first entry (no trace to tell plotly so): the
    # deadlines' lines are drawn at their dates.
    fig.update_xaxes(
        type="date", range=[start.isoformat(), "2027-03-01"], tickformat="%b %Y"
    )
    fig.update_yaxes(**MONEY_AXIS, rangemode="tozero")
    as_of = long_date(summary.as_of)
    sentence = (
        f"By {as_of}, {dollars(summary.obligated)} of {dollars(summary.program.total)} "
        f"was obligated (obligation deadline: "
        f"{days_phrase(summary.days_to_obligation_deadline)}) and "
        f"{dollars(summary.spent)} spent (spending deadline: "
        f"{days_phrase(summary.days_to_spending_deadline)})."
    )
    table = _month_table(
        f"Cumulative obligations and expenditures by month, through {as_of}",
        ["Month", "Obligated (cumulative)", "Spent (cumulative)"],
        months,
    )
    return Chart.of("spending-over-time", "Spending over time", sentence, fig, table)


def _busiest_month(area_name: str, months, as_of: str) -> str:
    """What was spent on the area by `as_of`, and in its busiest month."""
    spent = sum((row["expenditure"] for row in months), ZERO)
    busiest = max(months, key=lambda row: row["expenditure"], default=None)
    if busiest is None or not spent:
        return f"Nothing had been spent on {area_name} by {as_of}."
    return (
        f"{dollars(spent)} was spent on {area_name} by {as_of}; the most in one "
        f"month was {dollars(busiest['expenditure'])} in {busiest['month']:%B %Y}."
    )


def area_monthly_spending(area_name: str, monthly_rows, as_of: datetime.date) -> Chart:
    """Obligations and expenditures of one area, month by month (not cumulative), from
    its `monthly_totals`."""
    months = list(monthly_rows)
    fig = go.Figure()
    _bars(
        fig,
        [row["month"].isoformat() for row in months],
        {
            measure: [row[kind] for row in months]
            for kind, measure in KIND_FIGURE.items()
        },
        "%{x|%B %Y}",
    )
    layout(
        fig,
        height=340,
        # On a phone, a label a quarter or so, with the year cut to two digits.
        narrow_xaxis={"tickformat": "%b ’%y", "nticks": 5},
        barmode="group",
    )
    fig.update_xaxes(tickformat="%b %Y")
    fig.update_yaxes(**MONEY_AXIS)
    as_of_text = long_date(as_of)
    table = _month_table(
        f"{area_name}: obligations and expenditures per month, through {as_of_text}",
        ["Month", "Obligated", "Spent"],
        months,
    )
    sentence = _busiest_month(area_name, months, as_of_text)
    return Chart.of("area-monthly", "Spending month by month", sentence, fig, table)
