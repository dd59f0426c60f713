"""The words that go with the year-to-date figures: the notes on how a comparison is made
and what its data hold, and the warning when the data are out of date."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

if TYPE_CHECKING:
    from .ytd import YtdComparison


def stale_notice(
    complete_through: datetime.date | None, today: datetime.date | None = None
) -> str | None:
    """A plain warning when "data complete through" lags `today` by more than
    settings.STALE_AFTER_DAYS days (or was never set); None while the data are current."""
    today = today or timezone.localdate()
    if complete_through is None:
        return "Nobody has said yet how far the incident data are complete."
    if (today - complete_through).days <= settings.STALE_AFTER_DAYS:
        return None
    return (
        f"These figures run to {complete_through:%B} {complete_through.day}, "
        f"{complete_through.year}; nothing later has been entered yet."
    )


def notes(
    result: YtdComparison, earliest: dict[str, datetime.date | None]
) -> list[str]:
    """The notes under a comparison: how it is made, then what its data hold.

    `earliest`: the date of the first record of each kind (None: no record)."""
    return [*method_notes(result), *_data_notes(result, earliest)]


def method_notes(result: YtdComparison) -> list[str]:
    """How the periods are compared, whatever the data."""
    current, previous = result.current, result.previous
    rolling = result.last_28_days.current_window
    first, last = result.five_year_span
    return [
        f"Each year is counted from January 1 to the same month and day: "
        f"{current.start:%B %-d} to {current.end:%B %-d, %Y} against "
        f"{previous.start:%B %-d} to {previous.end:%B %-d, %Y}. When the as-of date is "
        "February 29, a year without one stops on February 28; a leap comparison year "
        "includes its February 29 whenever the as-of date is on or after March 1.",
        "A change is marked beyond normal variation when z = 2 × (√current − √previous) "
        "is 3 or more either way; smaller swings are common with small counts.",
        f"The last 28 days ({rolling.start:%B %-d} to {rolling.end:%B %-d, %Y}) are "
        f"compared with the same 28 days of {previous.year}.",
        f"The five-year average covers the same period of {first} to {last}, counting "
        "only years from the first record on; it is empty when none of those years has "
        "data.",
    ]


def _data_notes(
    result: YtdComparison, earliest: dict[str, datetime.date | None]
) -> list[str]:
    """What the data hold: how far they are complete and final, since when they run,
    and whether some of them are invented."""
    notes = []
    if result.data_complete_through:
        notes.append(
            f"All incidents and firearm recoveries up to "
            f"{result.data_complete_through:%B %-d, %Y} have been entered."
        )
    if result.preliminary_records:
        notes.append(
            f"{result.preliminary_records} incident records in these periods are "
            "preliminary and may still change."
        )
    previous = result.previous.year
    for source, day in earliest.items():
        if day is None:
            notes.append(f"No {source} have been recorded, so those figures are empty.")
        elif day.year > previous:
            notes.append(
                f"{source.capitalize()} are recorded from {day.year}, so there is no "
                f"{previous} figure to compare them with."
            )
    if result.illustrative:
        notes.append(
            "These figures include illustrative sample records invented to demonstrate "
            "the tracker; they are not city records."
        )
    return notes
