"""The spending entries' queryset writes: they keep the monthly totals (`funding.monthly`)
in the same transaction, or fail (binghamton_safety.kept_writes says how;
`funding.monthly_signals.KEEPER` what the totals read). The entries' managers, the base
manager included (`audit.bulk`, the imports), use this queryset; model saves and deletes
are kept by the signals of `funding.monthly_signals`.
"""

from binghamton_safety.kept_writes import Keeper, KeptWritesQuerySet, NotKept


class MonthlyTotalsNotKept(NotKept):
    """A write that could not keep the monthly totals right: refused, nothing written."""


class MonthlyTotalsQuerySet(KeptWritesQuerySet):
    not_kept = MonthlyTotalsNotKept

    def keeper(self) -> Keeper:
        from .monthly_signals import KEEPER  # it reads the entries' model

        return KEEPER
