from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "metrics"
    verbose_name = "Metrics"

    def ready(self):
        from core import deadlines
        from metrics import signals, tabs
        from metrics.deadlines import option_tasks

        signals.connect()
        deadlines.register_source(option_tasks)
        tabs.register()
