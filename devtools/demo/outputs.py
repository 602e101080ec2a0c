"""Demo outputs for every partnership, and licence income.

Looked up by (partnership, kind, title) first, so seeding twice adds nothing.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from outputs import services as output_services
from outputs.models import LicenceIncome, Output, OutputKind

# partnership title, kind, title, days ago, extra fields
OUTPUTS = [
    (
        "Dexterous grasping for warehouse robots",
        OutputKind.PUBLICATION,
        "Learning tactile grasp policies from few demonstrations",
        120,
        {
            "doi": "10.5555/tandem.grasp.2026",
            "venue": "IEEE Robotics and Automation Letters",
            "citations": 4,
            "people": ["Priya Raman"],
        },
    ),
    (
        "Dexterous grasping for warehouse robots",
        OutputKind.DISCLOSURE,
        "Compliant fingertip with embedded strain sensing",
        60,
        {"people": ["Priya Raman"]},
    ),
    (
        "Dexterous grasping for warehouse robots",
        OutputKind.PATENT_APPLICATION,
        "Compliant robotic fingertip",
        20,
        {"office": "GB", "number": "GB2611234.5"},
    ),
    (
        "Centre for Trustworthy Autonomy",
        OutputKind.PUBLICATION,
        "Runtime assurance for learned controllers",
        520,
        {"doi": "10.5555/tandem.assure.2025", "venue": "NeurIPS", "citations": 31},
    ),
    (
        "Centre for Trustworthy Autonomy",
        OutputKind.PUBLICATION,
        "A benchmark for safe warehouse autonomy",
        300,
        {"doi": "10.5555/tandem.bench.2026", "venue": "ICRA", "citations": 9},
    ),
    (
        "Centre for Trustworthy Autonomy",
        OutputKind.PRESENTATION,
        "Assurance cases in practice",
        250,
        {"venue": "Safety-Critical Systems Symposium"},
    ),
    ("Centre for Trustworthy Autonomy", OutputKind.DISCLOSURE, "Monitor synthesis for neural planners", 600, {}),
    (
        "Centre for Trustworthy Autonomy",
        OutputKind.PATENT_APPLICATION,
        "Runtime monitor for learned planners",
        540,
        {"office": "EPO", "number": "EP25123456"},
    ),
    (
        "Centre for Trustworthy Autonomy",
        OutputKind.PATENT_GRANT,
        "Runtime monitor for learned planners (granted)",
        40,
        {"office": "GB", "number": "GB2598765"},
    ),
    (
        "Centre for Trustworthy Autonomy",
        OutputKind.LICENCE,
        "Runtime monitor licence to Acme Robotics",
        400,
        {"licensee": "Acme Robotics", "exclusive": True},
    ),
    (
        "Centre for Trustworthy Autonomy",
        OutputKind.SOFTWARE,
        "SafeNav monitor toolkit",
        200,
        {"url": "https://example.org/safenav"},
    ),
    (
        "Centre for Trustworthy Autonomy",
        OutputKind.DEPLOYMENT,
        "Monitor deployed in Acme's pilot warehouse",
        90,
        {"business_result": "Unplanned stops down 18% over three months."},
    ),
    (
        "Sustainable materials consortium",
        OutputKind.PUBLICATION,
        "Bio-based binders for recyclable composites",
        380,
        {"doi": "10.5555/tandem.binder.2025", "venue": "Green Chemistry", "citations": 12},
    ),
    (
        "Sustainable materials consortium",
        OutputKind.DATASET,
        "Composite ageing dataset",
        150,
        {"url": "https://example.org/ageing-data"},
    ),
    ("Sustainable materials consortium", OutputKind.DISCLOSURE, "Low-temperature curing process", 700, {}),
    (
        "Sustainable materials consortium",
        OutputKind.OPTION,
        "Option on curing process to Initech Materials",
        330,
        {"licensee": "Initech Materials"},
    ),
    (
        "Sustainable materials consortium",
        OutputKind.STARTUP,
        "Circulite Ltd",
        100,
        {"description": "Spin-out commercialising the curing process."},
    ),
    (
        "Chip thermal modelling study",
        OutputKind.PUBLICATION,
        "Fast thermal surrogates for 3D-stacked chips",
        560,
        {"doi": "10.5555/tandem.thermal.2025", "venue": "DAC", "citations": 22},
    ),
    ("Chip thermal modelling study", OutputKind.SOFTWARE, "ThermoSurrogate", 450, {}),
    (
        "Joint PhD programme in computational biology",
        OutputKind.PUBLICATION,
        "Protein stability prediction with geometric deep learning",
        80,
        {"doi": "10.5555/tandem.protein.2026", "venue": "Bioinformatics", "citations": 2},
    ),
    (
        "Green logistics matching-fund programme",
        OutputKind.PRESENTATION,
        "Matching freight to rail capacity",
        410,
        {"venue": "Transport Research Arena"},
    ),
    ("Retail demand forecasting lab", OutputKind.DISCLOSURE, "Hierarchical demand reconciliation method", 30, {}),
]

# licence title, days ago, kind, amount
INCOME = [
    ("Runtime monitor licence to Acme Robotics", 390, "issue_fee", "25000"),
    ("Runtime monitor licence to Acme Robotics", 30, "royalty", "12500"),
    ("Runtime monitor licence to Acme Robotics", 200, "patent_costs", "8000"),  # not licence income
    ("Option on curing process to Initech Materials", 320, "option_payment", "5000"),
]


def _people(names, people):
    return [people[name] for name in names if name in people]


def seed(context) -> dict:
    partnerships, organizations = context["partnerships"], context["organizations"]
    people = context.get("people", {})
    staff = context["users"]["staff"]
    today = timezone.localdate()
    outputs = {}
    for partnership_title, kind, title, days_ago, extra in OUTPUTS:
        partnership = partnerships.get(partnership_title)
        if partnership is None:
            continue
        existing = Output.objects.filter(partnership=partnership, kind=kind, title=title).first()
        if existing is None:
            data = {"partnership": partnership, "kind": kind, "title": title, "date": today - timedelta(days=days_ago)}
            for name, value in extra.items():
                if name == "people":
                    data["people"] = _people(value, people)
                elif name == "licensee":
                    data["licensee"] = organizations[value]
                else:
                    data[name] = value
            existing = output_services.output_create(actor=staff, data=data)
        outputs[title] = existing
    for title, days_ago, kind, amount in INCOME:
        output = outputs.get(title)
        received_on = today - timedelta(days=days_ago)
        if output and not LicenceIncome.objects.filter(output=output, kind=kind, amount=Decimal(amount)).exists():
            output_services.licence_income_add(
                output=output, actor=staff, data={"received_on": received_on, "kind": kind, "amount": Decimal(amount)}
            )
    return {"outputs": outputs}


def summary() -> dict[str, int]:
    return {"outputs": Output.objects.count()}
