"""Fixtures for the audit trail: a second editor, moving the recorded past back, and a
small ledger."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.db.models import F
from django.test import Client
from django.utils import timezone

from funding.models import BudgetEntry, ReportingPeriod


@pytest.fixture
def second_editor_client(db, django_user_model):
    """Another city staff member, editing at the same time as `editor`."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("editor2")
    user.groups.add(Group.objects.get_or_create(name="Editors")[0])
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def an_hour_ago(db):
    """Move every change saved so far two hours back, and return the moment an hour ago
    as `recorded_at` takes it: what was saved then is "the past", what follows "now"."""

    def move() -> str:
        for model in apps.get_models():
            if model.__name__.startswith("Historical"):
                model.objects.update(
                    history_date=F("history_date") - datetime.timedelta(hours=2)
                )
        moment = timezone.localtime() - datetime.timedelta(hours=1)
        return f"{moment:%Y-%m-%dT%H:%M}"

    return move


@pytest.fixture
def money(budget, make_spending, other_area):
    """Two areas with budgets, an obligation and a payment in 2022-Q3."""
    BudgetEntry.objects.create(
        area=other_area, amount=Decimal("5000.00"), effective_on="2022-05-16"
    )
    make_spending("obligation", datetime.date(2022, 7, 1), "6000.00")
    make_spending("expenditure", datetime.date(2022, 8, 1), "1000.00")
    ReportingPeriod.named("2022-Q3").save()
