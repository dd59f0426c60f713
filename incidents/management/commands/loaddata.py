"""Django's loaddata, keeping the daily counts: every day is recounted from the records
once all are loaded, in loaddata's transaction (`import_data` restores backups with it).

Raw saves outside loaddata refresh their days one by one, as every save does; in a
restore of tens of thousands of rows that tripled its time.
"""

from django.core.management.commands import loaddata

from incidents import daily


class Command(loaddata.Command):
    def loaddata(self, fixture_labels) -> None:
        with daily.recounted_at_end(self.using):
            super().loaddata(fixture_labels)
