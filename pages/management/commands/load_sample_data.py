import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.utils import timezone

import documents.sample_data
import funding.sample_data
import incidents.sample_data
import places.sample_data
import programs.sample_data
from binghamton_safety.models import CouncilPacket
from binghamton_safety.roles import EDITORS, VIEWERS

# Sample accounts exist only on development machines (DEBUG on).
SAMPLE_ACCOUNTS = [
    ("editor", "editor-sample-pass", EDITORS),
    ("viewer", "viewer-sample-pass", VIEWERS),
]


class Command(BaseCommand):
    help = (
        "Load the illustrative sample program, money and incidents (safe to run twice)."
    )

    def handle(self, *args, **options):
        program = funding.sample_data.load()
        self.stdout.write(f"Funding: {program} with {program.areas.count()} areas.")
        places.sample_data.load(self.stdout)
        incidents.sample_data.load(self.stdout)
        incidents.sample_data.load_formats(self.stdout)
        programs.sample_data.load(self.stdout)
        documents.sample_data.load(self.stdout)
        self._load_packets(program)
        if not settings.DEBUG:
            self.stdout.write("DEBUG is off: no sample accounts created.")
            return
        User = get_user_model()
        for username, password, group in SAMPLE_ACCOUNTS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(password)
                user.save()
            user.groups.add(Group.objects.get_or_create(name=group)[0])
        self.stdout.write("Sample logins (development only):")
        for username, password, group in SAMPLE_ACCOUNTS:
            self.stdout.write(f"  {username:7} / {password}   ({group})")

    def _load_packets(self, program) -> None:
        """The announcement's and the council work session's packets, published, so
        their figures stay public. The meeting dates are the program's; that a packet
        was published with these figures, and when they were taken (the first load), is
        invented: both are flagged illustrative."""
        taken = timezone.now().replace(second=0, microsecond=0)
        created = [
            CouncilPacket.objects.get_or_create(
                presented_on=day,
                title=title,
                defaults={"recorded_at": taken, "illustrative": True},
            )[1]
            for title, day in [
                (
                    "Announcement of the ARPA public-safety funding",
                    program.announced_on,
                ),
                ("Council work session packet", program.presented_to_council_on),
            ]
        ]
        self.stdout.write(f"Council packets: {CouncilPacket.objects.count()}.")
        if all(created):
            self._report_late(program, taken)

    def _report_late(self, program, taken) -> None:
        """A correction to show (`/corrections/`): a shooting between the two packets'
        dates, reported late, so the work session packet did not count it. Its history
        says it was recorded in the minute after the packets' (which their reproduce
        links read to its end): within a minute of now, illustrative like the rest."""
        first = program.announced_on + datetime.timedelta(days=1)
        late = incidents.sample_data.report_late(
            first,
            program.presented_to_council_on,
            taken + datetime.timedelta(minutes=1),
        )
        if late:
            self.stdout.write(f"Reported late (illustrative): incident of {late.date}.")
