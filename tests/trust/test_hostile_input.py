"""Arbitrary text, numbers, dates and files thrown at every form, query parameter and
importer: never a server error, never a partial write, always a clear message."""

import datetime
import string

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from funding.models import BudgetEntry, SpendingEntry
from incidents.imports import formats, save
from incidents.models import FirearmRecovery, Incident, Victim

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Anything a person or a script might type or paste, NUL and control characters included.
junk = st.text(max_size=40)
date_like = st.one_of(
    junk,
    st.datetimes().map(lambda moment: moment.isoformat()[:16]),
    st.dates(min_value=datetime.date(1, 1, 1)).map(str),
    st.from_regex(r"\A-?\d{1,6}-\d{1,3}-\d{1,3}\Z"),
)
number_like = st.one_of(
    junk,
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers().map(str),
)


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (SpendingEntry, BudgetEntry, Incident, Victim, FirearmRecovery)
    )


PUBLIC_APIS = [
    ("/api/funding.json", ["as_of", "recorded_at"]),
    ("/api/ytd.json", ["as_of", "compare", "recorded_at"]),
    ("/data/ytd.csv", ["as_of", "compare"]),
]


def fuzz_query(client, url: str, fields: list[str]) -> None:
    @FUZZ
    @given(
        st.lists(
            st.one_of(date_like, number_like),
            min_size=len(fields),
            max_size=len(fields),
        )
    )
    def check(values):
        response = client.get(url, dict(zip(fields, values, strict=True)))
        assert response.status_code in (200, 400, 404), (url, values)
        if response.status_code == 400:
            if response["Content-Type"] == "application/json":
                assert response.json()["error"]
            else:  # a staff list's page size
                assert response.content.decode().startswith("per_page must be")

    check()


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        *PUBLIC_APIS,
        ("/dashboard/", ["as_of", "compare", "money_as_of", "recorded_at"]),
        ("/funding/", ["as_of", "recorded_at"]),
        (
            "/funding/ledger/",
            [
                "area",
                "kind",
                "occurred_on_after",
                "occurred_on_before",
                "payee",
                "voided",
                "sort",
                "page",
                "per_page",
            ],
        ),
        ("/funding/budget/", ["area", "voided", "sort", "page", "per_page"]),
        ("/incidents/recoveries/", ["voided", "sort", "page", "per_page"]),
        ("/funding/ledger.csv", ["area", "kind", "occurred_on_after", "payee"]),
        (
            "/incidents/",
            [
                "date_after",
                "date_before",
                "status",
                "victims",
                "sort",
                "page",
                "per_page",
            ],
        ),
    ],
)
def test_query_parameters_never_cause_a_server_error(
    editor_client, program, url, fields
):
    fuzz_query(editor_client, url, fields)


@pytest.mark.parametrize(("url", "fields"), PUBLIC_APIS)
def test_public_query_parameters_never_cause_a_server_error_for_anyone(
    client, program, url, fields
):
    fuzz_query(client, url, fields)


def test_the_spending_form_refuses_junk_with_a_message_and_saves_nothing(
    editor_client, budget, area, project
):
    @FUZZ
    @given(
        kind=st.sampled_from(["obligation", "expenditure", "", "refund"]) | junk,
        occurred_on=date_like,
        amount=number_like,
        payee=junk,
        description=junk,
        reason=junk,
    )
    def check(kind, occurred_on, amount, payee, description, reason):
        before = counts()
        data = {
            "kind": kind,
            "area": area.pk,
            "project": project.pk,
            "occurred_on": occurred_on,
            "amount": amount,
            "payee": payee,
            "description": description,
            "reference": "",
            "reason": reason,
        }
        response = editor_client.post(reverse("funding:record_entry"), data)
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert response.context["form"].errors
            assert (
                'class="field-errors"' in response.content.decode()
                or 'class="form-errors"' in response.content.decode()
            )
            assert counts() == before
        else:
            assert counts()[0] == before[0] + 1

    check()


def test_the_budget_form_refuses_junk_with_a_message_and_saves_nothing(
    editor_client, area, project
):
    @FUZZ
    @given(
        kind=junk | st.just("amendment"),
        effective_on=date_like,
        amount=number_like,
        reason=junk,
    )
    def check(kind, effective_on, amount, reason):
        before = counts()
        data = {
            "kind": kind,
            "area": area.pk,
            "project": project.pk,
            "effective_on": effective_on,
            "amount": amount,
            "reference": "R",
            "reason": reason,
        }
        response = editor_client.post(reverse("funding:record_budget"), data)
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert response.context["form"].errors
            assert counts() == before

    check()


def test_the_incident_form_refuses_junk_with_a_message_and_saves_nothing(editor_client):
    @FUZZ
    @given(
        case_number=junk,
        day=date_like,
        time=junk,
        location=junk,
        status=junk,
        victims=st.integers(min_value=-3, max_value=5) | st.just(0),
    )
    def check(case_number, day, time, location, status, victims):
        before = counts()
        data = {
            "case_number": case_number,
            "date": day,
            "time": time,
            "location": location,
            "shots_fired_confirmed": "on",
            "status": status,
            "victims-TOTAL_FORMS": str(victims),
            "victims-INITIAL_FORMS": "0",
            "victims-MIN_NUM_FORMS": "0",
            "victims-MAX_NUM_FORMS": "1000",
        }
        for index in range(max(victims, 0)):
            data[f"victims-{index}-outcome"] = "injured"
        response = editor_client.post(reverse("incidents:incident_add"), data)
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert counts() == before

    check()


CANONICAL_HEADER = "case_number,date,time,location,shots_fired_confirmed,victims_injured,victims_killed,status"
csv_cell = st.text(alphabet=string.printable + "é\u00a0\x00“”", max_size=12)


@pytest.mark.parametrize("fmt", sorted(formats.FORMATS))
def test_importers_take_any_bytes_without_error_or_partial_write(db, fmt):
    @FUZZ
    @given(st.binary(max_size=400))
    def check(content):
        before = counts()
        result = save.apply(content, fmt)
        if not result.ok:
            assert result.errors and all(str(error) for error in result.errors)
            assert counts() == before

    check()


def test_the_canonical_importer_reports_every_bad_row_and_saves_nothing(db):
    @FUZZ
    @given(st.lists(st.lists(csv_cell, min_size=8, max_size=8), min_size=1, max_size=6))
    def check(rows):
        before = counts()
        lines = [CANONICAL_HEADER] + [
            ",".join('"' + c.replace('"', '""') + '"' for c in row) for row in rows
        ]
        result = save.apply("\n".join(lines).encode(), "canonical")
        if result.ok:
            return
        assert counts() == before
        for error in result.errors:
            assert (
                str(error).startswith(("Row ", "File")) or "row" in str(error).lower()
            )

    check()


def test_the_void_form_refuses_junk_with_a_message_and_voids_nothing_then(
    editor_client, budget, make_spending
):
    entry = make_spending("obligation", datetime.date(2022, 6, 1), "10.00")

    @FUZZ
    @given(reason=junk | st.text(min_size=990, max_size=1100))
    def check(reason):
        response = editor_client.post(
            reverse("funding:void_entry", args=[entry.pk]), {"reason": reason}
        )
        entry.refresh_from_db()
        if response.status_code == 200:
            assert response.context["form"].errors["reason"]
            assert entry.voided_at is None
        else:
            assert response.status_code == 302
            assert entry.void_reason == reason.strip()
            entry.voided_at, entry.void_reason = None, ""
            entry.save()

    check()


def test_the_restore_form_refuses_junk_with_a_message_and_restores_nothing_then(
    editor_client, budget, make_spending
):
    entry = make_spending("obligation", datetime.date(2022, 6, 1), "10.00")
    entry.void("Mistake.", None)

    @FUZZ
    @given(reason=junk | st.text(min_size=990, max_size=1100))
    def check(reason):
        response = editor_client.post(
            reverse("funding:restore_entry", args=[entry.pk]), {"reason": reason}
        )
        saved = SpendingEntry.all_objects.get(pk=entry.pk)
        if response.status_code == 200:
            assert response.context["form"].errors["reason"]
            assert saved.is_voided
        else:
            assert response.status_code == 302
            assert not saved.is_voided
            assert saved.history.first().history_change_reason == reason.strip()
            saved.void("Mistake.", None)

    check()
