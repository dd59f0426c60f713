from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("ledger/", views.LedgerView.as_view(), name="ledger"),
    path("ledger.csv", views.ledger_csv, name="ledger_csv"),
    path("entries/new/", views.record_entry, name="record_entry"),
    path("entries/<int:pk>/edit/", views.correct_entry, name="correct_entry"),
    path("budget/new/", views.record_budget, name="record_budget"),
]
