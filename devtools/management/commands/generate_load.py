from django.core.management.base import BaseCommand, CommandError

from devtools import load
from metrics import services


class Command(BaseCommand):
    help = (
        "Add a synthetic portfolio for benchmarks (at --scale 1: 10,000 organizations and partnerships, "
        "200,000 agreements, 1,000,000 outputs, 50,000 people and placements), then recompute the metrics."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=0.1)
        parser.add_argument("--no-recompute", action="store_true", help="Leave the metrics table as it is.")

    def handle(self, *args, scale, no_recompute=False, **options):
        if scale < load.MIN_SCALE:
            raise CommandError(f"--scale must be at least {load.MIN_SCALE}: below, no organization is a university.")
        result = load.generate(scale, stdout=self.stdout)
        self.stdout.write(f"Generated {result.counts} in {result.seconds:.1f}s (tag {result.tag}).")
        if not no_recompute:
            run = services.metrics_recompute_all()
            seconds = (run.finished_at - run.started_at).total_seconds()
            self.stdout.write(f"Recomputed {run.rows_written} figures in {seconds:.1f}s.")
