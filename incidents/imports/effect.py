"""How the public year-to-date figures would change if an import were saved.

`figures_if_saved` writes a clean plan inside a transaction with `save.write`, as `save.apply` does,
counts the figures with the year-to-date engine as the public summary and /api/ytd.json
do (as of "data complete through", or today while it is unset, against the year
before), and rolls the transaction back. The counts are therefore those a save gives,
voided records, statuses, victims and the completeness date included, and nothing is
kept: not a row, not a history row, not a new data version (bumped in the same
transaction), and nothing enters the cache (the engine is called directly, not through
`cached_figures`).
"""

import datetime

from django.db import IntegrityError, transaction

from binghamton_safety.wording import long_date

from .. import ytd
from .plan import ImportPlan
from .save import write

NO_CHANGE = "no change to the public year-to-date figures"
SAVED_MEANWHILE = (
    "The change to the public year-to-date figures could not be worked out: records "
    "of this file were saved meanwhile. Check the file again."
)


def figures_if_saved(
    result: ImportPlan, complete_through: datetime.date | None = None
) -> list[str]:
    """The lines saying how the public year-to-date figures change if `result` is saved
    with `complete_through` (the import's "data complete through"); also set on
    `result.effect`. Writes only for a clean plan with something new or changed, and
    keeps nothing."""
    try:
        before, after = _before_and_after(result, complete_through)
    except IntegrityError:  # the plan is out of date: a record it adds exists now
        result.effect = [SAVED_MEANWHILE]
    else:
        result.effect = _lines(before, after)
    return result.effect


def _before_and_after(
    result: ImportPlan, complete_through: datetime.date | None
) -> tuple[ytd.YtdComparison, ytd.YtdComparison]:
    """The public figures now, and as they would be once `result` is saved."""
    if not (result.ok and (result.new or result.changed)):
        before = ytd.compare()
        if result.ok and complete_through:  # only the as-of date moves: no write
            return before, ytd.compare(complete_through)
        return before, before
    with transaction.atomic():
        before = ytd.compare()
        write(result, complete_through)  # by nobody: undone
        after = ytd.compare()
        transaction.set_rollback(True)
    return before, after


# --- Wording ------------------------------------------------------------------------------


def _dates(comparison: ytd.YtdComparison) -> str:
    return f"as of {long_date(comparison.as_of)} (vs {comparison.previous.year})"


def _number(value: int | None) -> str:
    return "no data" if value is None else f"{value:,}"


def _change(label: str, before: int | None, after: int | None) -> str:
    """`people shot 12 → 15 (+3)`, `people shot and killed 2, unchanged`."""
    if before == after:
        return f"{label} {_number(after)}, unchanged"
    text = f"{label} {_number(before)} → {_number(after)}"
    if before is None or after is None:
        return text
    return f"{text} ({after - before:+,})".replace("(-", "(\u2212")


def _changes(before: ytd.YtdComparison, after: ytd.YtdComparison, side: str) -> str:
    """Every metric's `side` ("current" or "previous") figure, before and after."""
    return "; ".join(
        _change(
            metric.label[0].lower() + metric.label[1:],
            getattr(before.metrics[key], side),
            getattr(after.metrics[key], side),
        )
        for key, metric in ytd.METRICS.items()
    )


def _figures(comparison: ytd.YtdComparison, side: str) -> list[int | None]:
    return [getattr(m, side) for m in comparison.metrics.values()]


def _lines(before: ytd.YtdComparison, after: ytd.YtdComparison) -> list[str]:
    """The current year's figures, and the comparison year's if they change."""
    moved = _dates(before) != _dates(after)
    compared_changes = _figures(before, "previous") != _figures(after, "previous")
    if (
        not moved
        and not compared_changes
        and (_figures(before, "current") == _figures(after, "current"))
    ):
        return [f"If saved: {NO_CHANGE}, {_dates(after)}."]
    instead = f", instead of {_dates(before)}" if moved else ""
    lines = [
        f"Public year-to-date figures {_dates(after)} if saved{instead}: "
        f"{_changes(before, after, 'current')}."
    ]
    if compared_changes:
        year, was = after.previous.year, before.previous.year
        instead = f" (instead of {was})" if year != was else ""
        lines.append(
            f"Compared with the same days of {year}{instead}, if saved: "
            f"{_changes(before, after, 'previous')}."
        )
    return lines
