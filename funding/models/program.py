"""The program, its six areas and their Treasury projects."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from binghamton_safety.models import TimeStamped
from binghamton_safety.money import MoneyField, cents

from ..categories import ExpenditureCategory
from ..completion import Completion, CompletionStatus
from ..ledger import FundingAreaQuerySet, TreasuryProjectQuerySet
from .base import no_control_characters


class FundingSource(models.TextChoices):
    SLFRF = "slfrf", "ARPA State and Local Fiscal Recovery Funds"


class Program(TimeStamped):
    name = models.CharField(
        max_length=200, unique=True, validators=[no_control_characters]
    )
    funding_source = models.CharField(
        max_length=20, choices=FundingSource.choices, default=FundingSource.SLFRF
    )
    total = MoneyField()
    announced_on = models.DateField(null=True, blank=True)
    presented_to_council_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(total__gte=0), name="program_total_non_negative"
            )
        ]

    def __str__(self) -> str:
        return self.name


class FundingArea(TimeStamped):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="areas")
    position = models.PositiveSmallIntegerField(
        help_text="Order in which it was announced."
    )
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200, validators=[no_control_characters])
    description = models.TextField()

    objects = FundingAreaQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "position"], name="area_position_unique_in_program"
            )
        ]

    def __str__(self) -> str:
        return self.name


class TreasuryProject(TimeStamped):
    area = models.ForeignKey(
        FundingArea, on_delete=models.PROTECT, related_name="projects"
    )
    identifier = models.CharField(
        max_length=50,
        unique=True,
        help_text="Project identification number reported to Treasury.",
        validators=[no_control_characters],
    )
    name = models.CharField(max_length=200, validators=[no_control_characters])
    expenditure_category = models.CharField(
        max_length=5,
        choices=ExpenditureCategory.choices,
        blank=True,
        help_text="Empty only for a project imported from a report that gave none.",
    )
    category_rationale = models.TextField(
        help_text="Why this project falls in its Treasury expenditure category."
    )
    completion_status_override = models.CharField(
        max_length=20,
        choices=CompletionStatus.choices,
        blank=True,
        help_text=(
            "Leave blank to report the status the figures give (the share of the "
            "budget spent). Set it only when staff know better, e.g. Cancelled."
        ),
    )
    illustrative = models.BooleanField(
        default=False, help_text="Invented sample data, not a real city record."
    )
    # Treasury asks these of every project in its Project and Expenditure report.
    evidence_based_amount = MoneyField(
        "amount allocated to evidence-based interventions",
        null=True,
        blank=True,
        help_text="Leave empty when none of the project's money is allocated to them.",
    )
    evidence_rationale = models.TextField(
        "evidence base",
        blank=True,
        help_text="The evidence behind the interventions, e.g. the studies they follow.",
    )
    evaluation_under_way = models.BooleanField(
        "a program evaluation is under way", default=False
    )

    objects = TreasuryProjectQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["area__position", "identifier"]
        constraints = [
            models.CheckConstraint(
                condition=Q(evidence_based_amount__gte=0),
                name="project_evidence_amount_non_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.identifier} {self.name}"

    def completion_from(
        self, budget: Decimal, obligated: Decimal, spent: Decimal
    ) -> Completion:
        """The status these figures (to the cent) give, or the override as recorded
        with them (`completion_override`, annotated) or else as stored now."""
        override = getattr(self, "completion_override", self.completion_status_override)
        return Completion.of(budget, obligated, spent, override)

    @property
    def completion(self) -> Completion:
        """The status as of the date given to `with_completion` (queryset method)."""
        return self.completion_from(
            cents(self.budget), cents(self.obligated), cents(self.spent)
        )
