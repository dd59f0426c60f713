"""Awards: the contracts, grants, loans, transfers and direct payments made under a
Treasury project (their vocabulary, rules and queries are funding/awards.py's), voided with a reason
like the ledger's entries."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from audit.models import Voidable, void_constraint, voidable_managers
from binghamton_safety.models import TimeStamped
from binghamton_safety.money import MoneyField

from ..awards import AwardKind, AwardQuerySet, RecipientKind, award_problems
from .base import no_control_characters
from .program import FundingArea, TreasuryProject


class Award(TimeStamped, Voidable):
    """A contract, grant, loan, transfer or direct payment to a recipient, under one
    Treasury project; its entries are the obligations and expenditures made under it.
    Voided, never deleted: `objects` leaves void awards out of every list, report and
    choice, `all_objects` (the default manager) sees them all. Rules and queries:
    awards.py; the ledger's rules per award: ledger_rules.py."""

    Kind = AwardKind
    RecipientKind = RecipientKind

    number = models.CharField(
        "award number", max_length=50, unique=True, validators=[no_control_characters]
    )
    kind = models.CharField("type", max_length=20, choices=AwardKind.choices)
    recipient_kind = models.CharField(
        "recipient is", max_length=20, choices=RecipientKind.choices
    )
    recipient = models.CharField(
        max_length=200,
        validators=[no_control_characters],
        help_text="An individual's name is for staff only: the public never sees it.",
    )
    amount = MoneyField()
    starts_on = models.DateField("start date")
    ends_on = models.DateField("end date")
    purpose = models.TextField()
    area = models.ForeignKey(FundingArea, on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey(
        TreasuryProject, on_delete=models.PROTECT, related_name="awards"
    )
    illustrative = models.BooleanField(
        default=False, help_text="Invented sample data, not a real city record."
    )

    all_objects, objects = voidable_managers(AwardQuerySet)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        default_manager_name = "all_objects"
        constraints = [
            void_constraint("award_void_has_reason"),
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="award_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="award_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.recipient}"

    def clean(self) -> None:
        if errors := award_problems(self):
            raise ValidationError(errors)
        if self.pk and self.amount is not None:
            from ..ledger_rules import award_amount_problems  # it queries these models

            if problems := award_amount_problems(self):
                raise ValidationError({"amount": problems})
