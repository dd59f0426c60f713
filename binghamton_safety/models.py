from django.db import models


class TimeStamped(models.Model):
    """When a record was created and last changed (the apps' records all have both)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class DataVersion(models.Model):
    """One number that every write to the figures' tables changes (see cache.py).

    It lives in the database, not in a cache, so every process on every server sees a
    change on its very next request, and it moves in the same transaction as the data.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    version = models.BigIntegerField(
        default=0, help_text="Random; new at every change."
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=1), name="data_version_one_row"
            )
        ]

    def __str__(self) -> str:
        return f"Data version {self.version}"
