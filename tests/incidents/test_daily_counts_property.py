"""Random sequences of writes (creates, edits of the date, the victims, an outcome, the
status and the discharge flag, voids, restores, recoveries, small imports, bulk updates
and places set), over days on both sides of a month's end, with the daily counts (the
city's and the places') and the places' monthly counts checked against a recount after
every step."""

import datetime

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from incidents import daily
from incidents.imports import formats, save
from incidents.models import FirearmRecovery, Incident, PlaceMonthlyCount, Victim
from places.models import Place, PlaceKind

DAYS = [datetime.date(2022, 2, 27) + datetime.timedelta(days=n) for n in range(3)]
HEADER = (
    "case_number,date,time,location,shots_fired_confirmed,victims_injured,"
    "victims_killed,status"
)

day = st.sampled_from(DAYS)
which = st.integers(0, 3)  # a saved record, counted from the first (modulo)
outcomes = st.lists(st.sampled_from(["injured", "killed"]), max_size=3)
status = st.sampled_from(["preliminary", "final"])
imported_row = st.tuples(
    st.sampled_from(["P-1", "P-2", "P-3"]), day, st.integers(0, 2), st.integers(0, 1)
)
STEPS = st.one_of(
    st.tuples(st.just("create"), day, outcomes, st.booleans(), status),
    st.tuples(st.just("move"), which, day),
    st.tuples(st.just("victims"), which, outcomes),
    st.tuples(st.just("outcome"), which),
    st.tuples(st.just("remove victim"), which),
    st.tuples(st.just("status"), which),
    st.tuples(st.just("shots"), which),
    st.tuples(st.just("void"), which),
    st.tuples(
        st.just("recover"),
        day,
        st.integers(1, 4),
        st.sampled_from(FirearmRecovery.Source.values),
    ),
    st.tuples(st.just("move recovery"), which, day),
    st.tuples(st.just("void recovery"), which),
    st.tuples(
        st.just("import"),
        st.lists(imported_row, min_size=1, max_size=3, unique_by=lambda r: r[0]),
    ),
    st.tuples(st.just("update"), day, day),
    st.tuples(st.just("place"), which, st.integers(0, 2)),  # 2: no place
    st.tuples(st.just("place recovery"), which, st.integers(0, 2)),
)
PLACES = ("1", "2")


def saved(model, index: int):
    """The `index`-th saved record of `model` (modulo their number), read afresh."""
    pks = list(model.all_objects.order_by("pk").values_list("pk", flat=True))
    return model.all_objects.get(pk=pks[index % len(pks)]) if pks else None


def toggle_void(record) -> None:
    if record.is_voided:
        record.restore("It was real.")
    else:
        record.void("Entered twice.", None)


def create(number: int, on, victims, confirmed: bool, state: str) -> None:
    incident = Incident(
        case_number=f"S-{number}",
        date=on,
        location="100 block of Main St",
        shots_fired_confirmed=confirmed,
        status=state,
    )
    incident.save()
    for outcome in victims:
        Victim(incident=incident, outcome=outcome).save()


def edit(name: str, incident: Incident, *values) -> None:
    """An edit of one incident's date, victims (all, the first's outcome, the first
    removed), status or discharge flag."""
    if name == "move":
        incident.date = values[0]
    elif name == "victims":
        for victim in incident.victims.all():
            victim.delete()
        for outcome in values[0]:
            Victim(incident=incident, outcome=outcome).save()
    elif name == "outcome" and (victim := incident.victims.first()):
        victim.outcome = "killed" if victim.outcome == "injured" else "injured"
        victim.save()
    elif name == "remove victim" and (victim := incident.victims.first()):
        victim.delete()
    elif name == "status":
        incident.status = "final" if incident.status == "preliminary" else "preliminary"
    elif name == "shots":
        incident.shots_fired_confirmed = not incident.shots_fired_confirmed
    if name in ("move", "status", "shots"):
        incident.save()


def run_import(rows) -> None:
    lines = [
        f"{case},{on.isoformat()},,100 block of Court St,yes,{hurt},{dead},final"
        for case, on, hurt, dead in rows
    ]
    save.apply("\n".join([HEADER, *lines]) + "\n", formats.CANONICAL)


def take(number: int, step: tuple) -> None:
    name, *values = step
    if name == "create":
        create(number, *values)
    elif name == "recover":
        on, count, source = values
        FirearmRecovery(
            reference=f"R-{number}", date=on, count=count, source=source, location="x"
        ).save()
    elif name == "import":
        run_import(values[0])
    elif name == "update":
        Incident.all_objects.filter(date=values[0]).update(date=values[1])
    elif name in ("place", "place recovery"):
        model = Incident if name == "place" else FirearmRecovery
        if record := saved(model, values[0]):
            code = PLACES[values[1]] if values[1] < len(PLACES) else None
            record.places.set(Place.objects.filter(code=code))
    elif name in ("move recovery", "void recovery"):
        if recovery := saved(FirearmRecovery, values[0]):
            if name == "move recovery":
                recovery.date = values[1]
                recovery.save()
            else:
                toggle_void(recovery)
    elif incident := saved(Incident, values[0]):
        if name == "void":
            toggle_void(incident)
        elif not incident.is_voided:  # the forms edit counted records only
            edit(name, incident, *values[1:])


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(st.lists(STEPS, min_size=2, max_size=12))
def test_the_daily_counts_equal_a_recount_after_every_step(steps):
    with transaction.atomic():
        for code in PLACES:
            Place.objects.create(
                kind=PlaceKind.COUNCIL_DISTRICT, code=code, name=f"District {code}"
            )
        for number, step in enumerate(steps):
            take(number, step)
            assert daily.kept_counts() == daily.recount(), (number, step)
            assert daily.differences() == [], (number, step)
        months = set(PlaceMonthlyCount.objects.values_list("month", flat=True))
        assert months <= {datetime.date(2022, 2, 1), datetime.date(2022, 3, 1)}
        transaction.set_rollback(True)
