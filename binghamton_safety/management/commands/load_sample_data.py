from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

import funding.sample_data
import incidents.sample_data
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
        incidents.sample_data.load(self.stdout)
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
