"""The demo portfolio behind `manage.py seed_demo`.

One module here per app it seeds, each with a `seed(context)` that adds that app's part through
its services and returns what later apps need, and a `summary()` of its counts. Everything is
looked up by a natural key first, so running the seed twice changes nothing.
"""

from accounts.models import Role, User
from accounts.services import user_create
from devtools.demo import agreements as agreements_demo
from devtools.demo import outputs as outputs_demo
from devtools.demo import partnerships as partnerships_demo
from devtools.demo import people as people_demo
from devtools.demo import reports as reports_demo
from metrics.models import MetricValue
from metrics.services import metrics_recompute_all

DEMO_PASSWORD = "tandem-demo"

DEMO_USERS = [
    # username, role, first name, last name
    ("admin", Role.ADMIN, "Ada", "Okafor"),
    ("staff", Role.STAFF, "Sam", "Whitfield"),
    ("viewer", Role.VIEWER, "Vera", "Lindqvist"),
    ("acme-liaison", Role.LIAISON, "Liam", "Carter"),
    ("globex-liaison", Role.LIAISON, "Grace", "Moreau"),
]


def seed_users() -> dict[str, User]:
    users = {}
    for username, role, first_name, last_name in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                username=username,
                role=role,
                password=DEMO_PASSWORD,
                first_name=first_name,
                last_name=last_name,
                email=f"{username}@example.org",
            )
        users[username] = user
    return users


def seed_all() -> dict[str, int]:
    context = {"users": seed_users()}
    context.update(partnerships_demo.seed(context))
    context.update(people_demo.seed(context))
    context.update(partnerships_demo.seed_portfolio(context))
    context.update(people_demo.seed_placements(context))
    context.update(agreements_demo.seed(context))
    context.update(outputs_demo.seed(context))
    context.update(reports_demo.seed(context))
    metrics_recompute_all()  # last: the figures are computed from everything above
    return {
        "users": User.objects.count(),
        **partnerships_demo.summary(),
        **people_demo.summary(),
        **agreements_demo.summary(),
        **outputs_demo.summary(),
        "metric values": MetricValue.objects.count(),
        **reports_demo.summary(),
    }
