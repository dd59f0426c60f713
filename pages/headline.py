"""The one-sentence answer that opens the public summary and the council dashboard:
what changed, whether it is more than chance, and how much of the money is spent."""

from binghamton_safety.money import money
from funding.summary import FundingSummary
from incidents.ytd import MetricComparison, YtdComparison

LEAD_METRIC = "shots_fired_confirmed"


def _change(m: MetricComparison, year: int, compare_year: int) -> str:
    label = m.label
    if m.current is None:
        return f"There are no records of {label.lower()} for {year} yet"
    if m.previous is None:
        return (
            f"{label}: {m.current:,} so far in {year}, with no data for {compare_year} "
            "to compare"
        )
    if m.change == 0:
        where = f"the same as by this date in {compare_year}"
        return f"{label} are unchanged at {m.current:,}, {where}"
    way = "up" if m.change > 0 else "down"
    variation = (
        "within normal variation for numbers this small"
        if m.signal == "within normal variation"
        else "a change beyond normal variation"
    )
    return (
        f"{label} are {way} from {m.previous:,} to {m.current:,} compared with the same "
        f"days of {compare_year}, {variation}"
    )


def answer(comparison: YtdComparison, summary: FundingSummary | None) -> str:
    """E.g. "Confirmed shots fired are up from 10 to 18 compared with the same days of
    2021, within normal variation for numbers this small; $797,500 of the $1,000,000 has
    been spent."."""
    lead = comparison.metrics[LEAD_METRIC]
    text = _change(lead, comparison.current.year, comparison.previous.year)
    if summary is not None:
        spent = money(summary.spent, whole=True)
        total = money(summary.program.total, whole=True)
        text += f"; {spent} of the {total} has been spent"
    return text + "."
