from django.db import models


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
