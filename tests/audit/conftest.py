"""Fixtures for the audit trail: a second editor, and moving the recorded past back."""

import datetime

import pytest
from django.apps import apps
from django.db.models import F
from django.test import Client
from django.utils import timezone


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
