from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Demo data, the load generator and the benchmarks: installed in development and tests only
    (config/settings.py), so production has neither their commands nor their code paths."""

    name = "devtools"
    verbose_name = "Development tools"
