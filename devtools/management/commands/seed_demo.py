from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from devtools import demo


class Command(BaseCommand):
    help = "Build the demo portfolio and one login per role (safe to run again: it adds only what is missing)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when the database already has users.")

    def handle(self, *args, if_empty=False, **options):
        if if_empty and User.objects.exists():
            self.stdout.write("Demo data already present; leaving it as it is.")
            return
        with transaction.atomic():
            summary = demo.seed_all()
        for label, count in summary.items():
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Every demo login uses the password {demo.DEMO_PASSWORD!r}.")
        )
