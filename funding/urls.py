from django.urls import path, register_converter

from . import views


class PeriodNameConverter:
    """A reporting period's name: `2022-Q3` or `2022`."""

    regex = r"[0-9]{4}(?:-Q[1-4])?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(PeriodNameConverter, "period")

app_name = "funding"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("ledger/", views.LedgerView.as_view(), name="ledger"),
    path("ledger.csv", views.ledger_csv, name="ledger_csv"),
    path("entries/new/", views.record_entry, name="record_entry"),
    path("entries/<int:pk>/edit/", views.correct_entry, name="correct_entry"),
    path("entries/<int:pk>/void/", views.void_entry, name="void_entry"),
    path("entries/<int:pk>/restore/", views.restore_entry, name="restore_entry"),
    path("entries/<int:pk>/history/", views.entry_history, name="entry_history"),
    path("budget/", views.BudgetListView.as_view(), name="budget_list"),
    path("budget/new/", views.record_budget, name="record_budget"),
    path("budget/<int:pk>/edit/", views.correct_budget, name="correct_budget"),
    path("budget/<int:pk>/void/", views.void_budget, name="void_budget"),
    path("budget/<int:pk>/restore/", views.restore_budget, name="restore_budget"),
    path("budget/<int:pk>/history/", views.budget_history, name="budget_history"),
    path("projects/<int:pk>/history/", views.project_history, name="project_history"),
    path("areas/<int:pk>/history/", views.area_history, name="area_history"),
    path("reports/", views.period_report, name="period_report"),
    path("reports/import/", views.import_report, name="import_report"),
    path("reports/reconciliation/", views.reconciliation, name="reconciliation"),
    path(
        "reports/<period:name>.csv", views.period_report_csv, name="period_report_csv"
    ),
    path(
        "reports/<period:name>-by-category.csv",
        views.period_report_categories_csv,
        name="period_report_categories_csv",
    ),
    path(
        "reports/<period:name>.xlsx",
        views.period_report_xlsx,
        name="period_report_xlsx",
    ),
]
