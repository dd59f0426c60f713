"""What an import would do: every row checked, and compared with the database.

`plan()` writes nothing; `save.apply()` runs it again inside its transaction. The records'
places are matched and found after the rows are read (`places.Placing`).
"""

import datetime
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter, methodcaller

from django.db.models import Count, Q

from binghamton_safety.progress import QUIET, Progress
from binghamton_safety.wording import count_of as _count

from ..models import FirearmRecovery, Incident, Victim
from .formats import resolve
from .lookups import chunked_values, existing
from .mapping import Mapping
from .places import Placing
from .places import compare as compare_places
from .places import summary as places_summary
from .quality import Quality
from .reading import (
    RowErrors,
    Source,
    close_text,
    count_lines,
    no_cycle_collection,
    open_text,
    undecodable,
)
from .records import IncidentRecord, Record, RecoveryRecord


@dataclass
class ImportPlan:
    format: str
    rows_read: int = 0
    records: list[Record] = field(default_factory=list)
    errors: RowErrors = field(default_factory=RowErrors)
    new: list[Record] = field(default_factory=list)
    changed: list[Record] = field(default_factory=list)
    unchanged: list[Record] = field(default_factory=list)
    voided: list[Record] = field(default_factory=list)  # saved and voided: left alone
    # The fields the import sets (of its records' `compared`); None: all of them.
    fields: tuple[str, ...] | None = None
    quality: Quality | None = None  # the data-quality report of a format's import
    record: str = "incident"  # the format's record: "incident" or "recovery"
    effect: list[str] = field(default_factory=list)  # effect.figures_if_saved
    placing: Placing | None = None  # the places its records are matched to
    # Saved records (in `changed`) whose places the import changes.
    placed: list[Record] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # place columns left unmatched

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def is_incidents(self) -> bool:
        return self.record == "incident"

    @property
    def victims(self) -> int:
        return sum(r.injured + r.killed for r in self.records if self.is_incidents)

    @property
    def firearms(self) -> int:
        return sum(r.count for r in self.records if not self.is_incidents)

    @property
    def first_date(self) -> datetime.date | None:
        return min((r.date for r in self.records), default=None)

    @property
    def last_date(self) -> datetime.date | None:
        return max((r.date for r in self.records), default=None)

    def action(self, record: Record) -> str:
        """ "new", "update", "voided" or "unchanged": what the import does with `record`."""
        if any(r.key == record.key for r in self.new):
            return "new"
        if any(r.key == record.key for r in self.changed):
            return "update"
        if any(r.key == record.key for r in self.voided):
            return "voided"
        return "unchanged"

    def summary(self) -> str:
        if self.is_incidents:
            what = _count(len(self.records), "incident")
            counted = _count(self.victims, "victim")
        else:
            what = _count(len(self.records), "firearm recovery", "firearm recoveries")
            counted = _count(self.firearms, "firearm")
        voided = (
            f"; {len(self.voided):,} voided before, left voided" if self.voided else ""
        )
        text = (
            f"Read {_count(self.rows_read, 'row')}: {what} ({counted}); "
            f"{len(self.new):,} new, {len(self.changed):,} to update, "
            f"{len(self.unchanged):,} unchanged{voided}."
        )
        places = places_summary(
            self, "incidents" if self.is_incidents else "firearm recoveries"
        )
        return f"{text} {places}" if places else text


def _saved_incidents(keys: list[str]) -> dict[str, tuple[tuple, bool]]:
    """Case number -> (the values an import compares (`IncidentRecord.compared`),
    whether it is voided)."""
    # Which case numbers exist at all, from the unique index alone; then the values of
    # those only (a file of new incidents costs no join).
    keys = existing(Incident, "case_number", keys)
    queryset = Incident.all_objects.order_by().annotate(
        injured=Count("victims", filter=Q(victims__outcome=Victim.Outcome.INJURED)),
        killed=Count("victims", filter=Q(victims__outcome=Victim.Outcome.KILLED)),
    )
    return {
        row[0]: (tuple(row[1:-1]), row[-1] is not None)
        for row in chunked_values(
            queryset,
            "case_number",
            keys,
            "case_number",
            *IncidentRecord.row_fields,
            "injured",
            "killed",
            "voided_at",
        )
    }


def _saved_recoveries(keys: list[str]) -> dict[str, tuple[tuple, bool]]:
    return {
        row[0]: ((*row[1:-2], row[-2] or ""), row[-1] is not None)
        for row in chunked_values(
            FirearmRecovery.all_objects.order_by(),
            "reference",
            keys,
            "reference",
            *RecoveryRecord.row_fields,
            "incident__case_number",
            "voided_at",
        )
    }


def _compare(result: ImportPlan, saved: dict[str, tuple[tuple, bool]]) -> None:
    """Sort the records into new, changed, unchanged and voided; a format that sets
    only some fields compares only those."""
    if result.fields is None:
        values_of, saved_of = methodcaller("values"), None
    else:
        kind = IncidentRecord if result.is_incidents else RecoveryRecord
        positions = [kind.compared.index(name) for name in result.fields]
        values_of = attrgetter(*result.fields)
        saved_of = itemgetter(*positions)
    for record in result.records:
        if record.key not in saved:
            result.new.append(record)
            continue
        values, voided = saved[record.key]
        if saved_of is not None:
            values = saved_of(values)
        if voided:  # voided on purpose: an import does not bring it back
            result.voided.append(record)
        elif values != values_of(record):
            result.changed.append(record)
        else:
            result.unchanged.append(record)


def plan(content: Source, fmt: str | Mapping, progress: Progress = QUIET) -> ImportPlan:
    """Validate every row and work out what an import would do; writes nothing.

    `fmt` is a shipped format's name (`formats.FORMATS`) or a format read from a file
    (`mapping.Mapping`). `content` may be an open binary file (an upload): it is read as
    a stream. Its phases show on `progress`."""
    mapping = resolve(fmt)
    name, record = (fmt if isinstance(fmt, str) else mapping.name), mapping.record
    result = ImportPlan(format=name, record=record, placing=Placing.of(mapping))
    if result.placing is not None and (refused := result.placing.problems()):
        for problem in refused:  # before any row is read
            result.errors.append(problem)
        return result
    try:
        _parse(content, mapping, result, progress)
    except UnicodeDecodeError:  # the file is refused whole
        result = ImportPlan(format=name, record=record)
        result.errors.append(undecodable(content))
    if result.placing is not None:
        _place(result, result.placing)
    if result.errors:
        return result
    records = len(result.records)
    with progress.phase("comparing with the database", records, "records") as phase:
        keys = [record.key for record in result.records]
        saved = (_saved_incidents if result.is_incidents else _saved_recoveries)(keys)
        _compare(result, saved)
        compare_places(result)
        phase.advance(records)
    return result


def _parse(content: Source, mapping: Mapping, result: ImportPlan, progress) -> None:
    """Every row of `content` read and checked into `result`. With progress shown, the
    file's lines are counted first (a quick pass) for the rows' bar to have an end."""
    rows = None
    if not progress.quiet:
        with progress.phase("reading", unit="lines") as phase:
            rows = max(count_lines(content) - 1, 0)  # less the header
            phase.advance(rows + 1)
    stream = open_text(content)
    counting = f"checking {rows:,} rows" if rows is not None else "checking rows"
    try:
        with no_cycle_collection(), progress.phase(counting, rows) as phase:
            mapping.parse(phase.counted(stream, skip=1), result)
    finally:
        close_text(stream)


def _place(result: ImportPlan, placing: Placing) -> None:
    """The records' places, matched and found; the place columns left unmatched are
    noted, in the data-quality report too."""
    placing.place(result)
    result.notes = placing.notes()
    if result.quality is not None:
        result.quality.not_stored += result.notes
