"""The corrections page: every published figure that has changed since it was published.

A figure is published in a council packet (`CouncilPacket`): its headline figures (the
dashboard's, `figures.headline_figures`: each city-wide metric as of the packet's date
against the same days of the year before, and the money as of that date) as recorded at
its moment. Each is compared with the same figure as recorded now; one that differs was
corrected, or a late report changed it. Its date is that of the newest change, saved after
the packet's moment, to a record that counts (or once counted) in its windows.

The figures are the city's, exact for everyone, as the packets and the public APIs give
them: nothing finer than the public figures. The cost is two comparisons and two money
summaries a packet, read from the history tables, computed once per data version and day.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Max, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from audit.history import FigureChange, figure_changes
from binghamton_safety.cache import PAGE, cached_figures, public_cache
from binghamton_safety.models import CouncilPacket
from funding.ledger import Ledger
from funding.models import BudgetEntry, Program, SpendingEntry
from funding.summary import funding_summary
from incidents import ytd
from incidents.models import FirearmRecovery, Incident, Victim

from .figures import headline_figures


@dataclass(frozen=True)
class Correction:
    """One published figure, then and now, and the day it last changed."""

    change: FigureChange
    changed_on: datetime.date | None


@dataclass(frozen=True)
class PacketCorrections:
    packet: CouncilPacket
    compare_year: int
    corrections: list[Correction]

    def _query(self, **extra) -> str:
        day = self.packet.presented_on.isoformat()
        return urlencode(
            {"as_of": day, **extra, "recorded_at": self.packet.reproduce_param}
        )

    @property
    def ytd_link(self) -> str:
        """The packet's year-to-date figures as recorded then, in the open data."""
        return f"{reverse('api_ytd')}?{self._query(compare=self.compare_year)}"

    @property
    def funding_link(self) -> str:
        return f"{reverse('api_funding')}?{self._query()}"

    @property
    def dashboard_link(self) -> str:
        """The packet as printed (staff): the dashboard as recorded then."""
        day = self.packet.presented_on.isoformat()
        query = self._query(compare=self.compare_year, money_as_of=day)
        return f"{reverse('dashboard')}?{query}"


def _windows_in(as_of: datetime.date, compare_year: int, field: str) -> Q:
    """History rows dated (by `field`) in the packet's two year-to-date windows."""
    query = Q()
    for window in (ytd.ytd_window(as_of), ytd.ytd_window(as_of, compare_year)):
        query |= Q(**{f"{field}__gte": window.start, f"{field}__lte": window.end})
    return query


def _latest(model, after: datetime.datetime, in_scope: Q) -> datetime.datetime | None:
    """The newest history row of `model` saved after `after`, of a record any of whose
    versions is `in_scope` (so a record moved out of a window counts too): one query."""
    ids = model.history.filter(in_scope).values("id")
    rows = model.history.filter(history_date__gt=after, id__in=ids)
    return rows.aggregate(latest=Max("history_date"))["latest"]


def _last_changes(packet: CouncilPacket, compare_year: int) -> dict[str, datetime.date]:
    """By kind of figure (incidents, recoveries, money): the local date of the newest
    change after the packet's moment to a record its figures of that kind count."""
    after, as_of = packet.figures_moment, packet.presented_on
    incidents = Incident.history.filter(_windows_in(as_of, compare_year, "date"))
    moments = {
        ytd.INCIDENTS: [
            _latest(Incident, after, _windows_in(as_of, compare_year, "date")),
            _latest(Victim, after, Q(incident_id__in=incidents.values("id"))),
        ],
        ytd.RECOVERIES: [
            _latest(FirearmRecovery, after, _windows_in(as_of, compare_year, "date"))
        ],
        "money": [
            _latest(SpendingEntry, after, Q(occurred_on__lte=as_of)),
            _latest(BudgetEntry, after, Q(effective_on__lte=as_of)),
            _latest(Program, after, Q()),
        ],
    }
    return {
        kind: timezone.localtime(max(found)).date()
        for kind, found in ((k, list(filter(None, v))) for k, v in moments.items())
        if found
    }


def _kind(label: str) -> str:
    """Which records a headline figure counts, by its label (headline_figures')."""
    for metric in ytd.METRICS.values():
        if label.startswith(f"{metric.label}, "):
            return metric.source
    return "money"


def packet_corrections(packet: CouncilPacket) -> PacketCorrections:
    """The packet's headline figures that differ now from what it published."""
    as_of, compare_year = packet.presented_on, packet.presented_on.year - 1
    then = ytd.Records(packet.figures_moment)
    published = headline_figures(
        cached_figures("ytd", ytd.compare, as_of, compare_year, then),
        cached_figures(
            "funding", funding_summary, as_of, None, Ledger(then.recorded_at)
        ),
    )
    current = headline_figures(
        cached_figures("ytd", ytd.compare, as_of, compare_year, ytd.Records()),
        cached_figures("funding", funding_summary, as_of, None, Ledger()),
    )
    changes = figure_changes(published, current)
    dates = _last_changes(packet, compare_year) if changes else {}
    return PacketCorrections(
        packet,
        compare_year,
        [Correction(change, dates.get(_kind(change.label))) for change in changes],
    )


def all_corrections(packets: tuple[CouncilPacket, ...]) -> list[PacketCorrections]:
    return [packet_corrections(packet) for packet in packets]


@public_cache(PAGE)
def corrections_page(request):
    """Every published council packet, and each of its figures that has changed since."""
    moment = timezone.now()
    packets = tuple(CouncilPacket.objects.filter(recorded_at__lte=moment))
    listed = cached_figures("corrections", all_corrections, packets)
    return render(
        request,
        "public/corrections.html",
        {
            "packets": listed,
            "corrected": [entry for entry in listed if entry.corrections],
        },
    )
