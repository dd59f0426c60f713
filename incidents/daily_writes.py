"""The querysets of incidents, victims and recoveries: their bulk writes keep the daily
counts (`incidents.daily`) in the same transaction, or fail (binghamton_safety.kept_writes
says how; `incidents.daily_signals.KEEPER` what the counts read). Model saves and deletes
are kept by the signals of `incidents.daily_signals`.
"""

from binghamton_safety.kept_writes import Keeper, KeptWritesQuerySet, NotKept


class DailyCountsNotKept(NotKept):
    """A write that could not keep the daily counts right: refused, nothing written."""


class DailyCountsQuerySet(KeptWritesQuerySet):
    not_kept = DailyCountsNotKept

    def keeper(self) -> Keeper:
        from .daily_signals import KEEPER  # it reads these querysets' models

        return KEEPER
