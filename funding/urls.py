"""The funding app's paths, below /funding/."""

from django.urls import include, path, register_converter

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

reports = [
    path("", views.period_report, name="period_report"),
    path("import/", views.import_report, name="import_report"),
    path("reconciliation/", views.reconciliation, name="reconciliation"),
    path("<period:name>.csv", views.period_report_csv, name="period_report_csv"),
    path(
        "<period:name>-by-category.csv",
        views.period_report_categories_csv,
        name="period_report_categories_csv",
    ),
    path(
        "<period:name>-subawards.csv",
        views.period_report_subawards_csv,
        name="period_report_subawards_csv",
    ),
    path("<period:name>.xlsx", views.period_report_xlsx, name="period_report_xlsx"),
]

urlpatterns = [
    path("", views.overview, name="overview"),
    *views.SPENDING.url_patterns("entries/", views.LedgerView, list_path="ledger/"),
    path("ledger.csv", views.ledger_csv, name="ledger_csv"),
    *views.BUDGET.url_patterns("budget/", views.BudgetListView),
    path("projects/<int:pk>/history/", views.project_history, name="project_history"),
    path("areas/<int:pk>/history/", views.area_history, name="area_history"),
    path(
        "projects/<int:pk>/evidence/",
        views.project_evidence,
        name="project_evidence",
    ),
    *views.AWARDS.url_patterns("awards/", views.AwardListView),
    path("reports/", include(reports)),
]
