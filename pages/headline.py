"""The one-sentence answer that opens the public summary and the council dashboard:
what changed, whether it is more than chance, and how much of the money is spent."""

from binghamton_safety.money import money
from funding.deadlines import DeadlineStatus
from funding.summary import FundingSummary
from incidents.ytd import METRICS, MetricComparison, YtdComparison

from .by_place import most_in_one_place

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


# --- The public summary's four answers -------------------------------------------------

SHOOTING_METRICS = ("shots_fired_confirmed", "shooting_victims")
BEYOND = "beyond normal variation"
OBLIGATED = "obligated (promised under contract)"


def _movement(m: MetricComparison) -> str:
    """ "confirmed shots fired are up from 10 to 18", for one clause of a sentence."""
    label = m.label.lower()
    if m.current is None:
        return f"there are no records of {label} yet"
    if m.previous is None:
        return f"{label} number {m.current:,}"
    if m.change == 0:
        return f"{label} are unchanged at {m.current:,}"
    way = "up" if m.change > 0 else "down"
    return f"{label} are {way} from {m.previous:,} to {m.current:,}"


def shootings_answer(comparison: YtdComparison) -> str:
    """Are shootings up or down this year? E.g. "Confirmed shots fired are up from 10 to
    18 and people shot are up from 3 to 6, January 1 to May 4 against the same days of
    2021: within normal variation for numbers this small."."""
    found = [comparison.metrics[key] for key in SHOOTING_METRICS]
    clauses = " and ".join(_movement(m) for m in found)
    end, previous = comparison.current.end, comparison.previous.year
    text = f"{clauses[0].upper()}{clauses[1:]}, January 1 to {end:%B} {end.day}"
    compared = [m for m in found if m.change is not None]
    if not compared:
        return f"{text}, with no data for {previous} to compare."
    beyond = [m.label.lower() for m in compared if m.signal == BEYOND]
    verdict = (
        f"the change in {' and '.join(beyond)} is beyond normal variation"
        if beyond
        else "within normal variation for numbers this small"
    )
    return f"{text} against the same days of {previous}: {verdict}."


def unusual_answer(label: str, months: list, through) -> str:
    """Is that unusual? The last twelve whole months to `through` (trends.MonthTrend, the
    first day of the last whole month) against each month's normal range."""
    judged = [m for m in months if m.month <= through and m.limits][-12:]
    label = label.lower()
    if not judged:
        return (
            f"There are not yet three years of records of {label}, so there is no "
            "normal range to judge a month against."
        )
    span = f"the {len(judged)} whole month{'s' if len(judged) != 1 else ''} to {through:%B %Y}"
    unusual = [m for m in judged if m.flag]
    if not unusual:
        return f"No: in {span}, {label} stayed within the normal range every month."
    named = ", ".join(f"{m.month:%B %Y} ({m.flag})" for m in unusual)
    return (
        f"In {span}, {label} were outside the normal range in {len(unusual)}: {named}; "
        f"the other {len(judged) - len(unusual)} were within it."
    )


def where_answer(figures, metric: str) -> str:
    """Where? The place (of `figures`, incidents.place_figures as the public sees them)
    with the most of `metric` this year, of the city's count."""
    label, kind = METRICS[metric].label.lower(), figures.kind_label.lower()
    city, year = figures.city.metrics[metric].current, figures.as_of.year
    if city is None:
        return f"There are no {label} figures for {year} yet."
    text = f"Of the city's {city:,} {label} in {year} so far, "
    most, names = most_in_one_place(figures, metric)
    if not names:
        return text + f"no {kind}'s count is large enough to be shown on its own."
    if len(names) > 1:
        return text + f"the most in one {kind} were {most:,} each, in {_and(names)}."
    return text + f"the most in one {kind} were in {names[0]}: {most:,}."


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def money_answer(status: DeadlineStatus) -> str:
    """Where did the money go, and is it on time? The program's spending against the
    two federal deadlines (funding.deadlines), e.g. "$981,042 of the $1,000,000 has been
    spent and all of it was obligated (promised under contract) by December 31, 2024; $18,958 is left to spend in
    the 30 days before December 31, 2026."."""
    row = status.overall
    spent, budget = money(row.spent, whole=True), money(row.budget, whole=True)
    obligate_by, spend_by = _day(status.obligate_by), _day(status.spend_by)
    if not row.obligation_deadline_passed:
        obligated = f"{money(row.unobligated, whole=True)} is still to be {OBLIGATED} by {obligate_by}"
    elif row.unobligated:
        obligated = (
            f"{money(row.unobligated, whole=True)} was not {OBLIGATED} by {obligate_by} "
            "and is at risk of return to the US Treasury"
        )
    else:
        obligated = f"all of it was {OBLIGATED} by {obligate_by}"
    unspent = money(row.unspent, whole=True)
    if not row.unspent:
        left = "nothing is left to spend"
    elif row.days_left > 0:
        days = f"{row.days_left} day{'s' if row.days_left != 1 else ''}"
        left = f"{unspent} is left to spend in the {days} before {spend_by}"
    else:
        left = f"{unspent} was not spent by {spend_by}"
    return f"{spent} of the {budget} has been spent and {obligated}; {left}."


def _day(day) -> str:
    return f"{day:%B} {day.day}, {day.year}"
