"""The council's views of the dashboard's figures: the dashboard itself (prints as the
council packet), presentation mode (one finding per screen, for the projector in the
council chamber) and the one-page summary. All three read the same settings from the URL
(DashboardForm) and show the same figures (pages.figures)."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone

from audit.history import figure_changes
from binghamton_safety.parameters import recorded_at_param
from binghamton_safety.roles import viewer_required
from funding.ledger import Ledger
from funding.summary import funding_summary
from incidents import place_figures, ytd

from .by_place import dashboard_places
from .figures import figures_for, headline_figures, trend_context
from .forms import DashboardForm
from .results import dashboard_results


def _recorded_at(request):
    """The `recorded_at` moment, as the dashboard form's own field reads it, or None (the
    form explains a bad one). Read before the form is built: the form checks the other
    fields against the date the data were complete through at that moment."""
    field = DashboardForm(request.GET)["recorded_at"]
    try:
        return field.field.clean(field.data)
    except ValidationError:
        return None


def _form(request, options: dict) -> tuple[DashboardForm, dict]:
    """The settings form and what it chose: the URL's valid settings, else the defaults."""
    form = DashboardForm(request.GET or None, **options)
    as_of, compare_year, money_as_of = form.choices()
    kind = form.place_kind()
    if not form.is_bound:
        # Show the defaults in the controls, so the page says what it is showing.
        initial = {"as_of": as_of, "compare": compare_year, "money_as_of": money_as_of}
        form = DashboardForm(initial=initial | {"kind": kind}, **options)
    chosen = {"as_of": as_of, "compare_year": compare_year, "money_as_of": money_as_of}
    return form, chosen | {"place_kind": kind}


def announcement_view(program, complete_through) -> dict | None:
    """The view the program's announcement gave: its as-of date against the year before,
    with the money as presented to the council; None without those dates or while the
    incident data do not reach the announcement."""
    announced = program.announced_on if program else None
    if not announced or (complete_through and announced > complete_through):
        return None
    query = {"as_of": announced.isoformat(), "compare": announced.year - 1}
    presented = program.presented_to_council_on
    if presented:
        query["money_as_of"] = presented.isoformat()
    return {
        "as_of": announced,
        "compare_year": announced.year - 1,
        "presented_on": presented,
        "query": urlencode(query),
    }


def council_context(request) -> dict:
    """The settings the URL asks for, with the year-to-date and money figures they give
    and the query that carries them from one of the council's views to another."""
    recorded_at = _recorded_at(request)
    records, ledger = ytd.Records(recorded_at), Ledger(recorded_at)
    complete_through = records.complete_through()
    options = {"complete_through": complete_through, "recorded_at": recorded_at}
    form, chosen = _form(
        request, options | {"kinds": place_figures.kinds_with_places()}
    )
    as_of, compare_year = chosen["as_of"], chosen["compare_year"]
    figures = figures_for(as_of, compare_year, chosen["money_as_of"], records, ledger)
    program = figures["summary"].program if figures["summary"] else None
    return {
        "form": form,
        **chosen,
        "recorded_at": recorded_at,
        "records": records,
        "complete_through": complete_through,
        **figures,
        "settings_query": request.GET.urlencode(),
        "announcement": announcement_view(program, complete_through),
    }


def _findings(context: dict) -> dict:
    """The long run, and (for figures as they stand: a record's places are not kept in
    its history) the tables by place and the results per area."""
    as_of, compare_year = context["as_of"], context["compare_year"]
    findings = trend_context(as_of, compare_year, context["records"])
    if not context["recorded_at"]:
        kind = context["place_kind"]
        findings.update(dashboard_places(as_of, compare_year, kind))
        through = context["complete_through"] or as_of
        findings.update(dashboard_results(context["money_as_of"], through))
    return findings


@viewer_required
def dashboard(request):
    """The council dashboard: year-to-date tiles, charts, money and deadlines; prints.

    With `?recorded_at=`, every figure as it had been recorded at that moment, and what
    has changed since.
    """
    context = council_context(request)
    context.update(_findings(context))
    if context["recorded_at"]:
        as_of, compare_year = context["as_of"], context["compare_year"]
        context["changes"] = figure_changes(
            headline_figures(context["comparison"], context["summary"]),
            headline_figures(
                ytd.compare(as_of, compare_year),
                funding_summary(context["money_as_of"]),
            ),
        )
    else:
        # The link that reproduces this packet later, whatever is corrected meanwhile.
        query = request.GET.copy()
        query["recorded_at"] = recorded_at_param(timezone.now())
        context["reproduce_query"] = query.urlencode()
    return render(request, "council/dashboard.html", context)


@viewer_required
def present(request):
    """Presentation mode: the dashboard's findings one screen at a time, in type large
    enough to read from the back of the council chamber (static/js/present.js)."""
    context = council_context(request)
    context.update(_findings(context))
    return render(request, "council/present.html", context)


@viewer_required
def summary(request):
    """The one-page summary: the answer, the year-to-date figures, the money and the
    deadlines, with their dates; prints on one letter page."""
    return render(request, "council/summary.html", council_context(request))
