from django.apps import AppConfig


class OutputsConfig(AppConfig):
    name = "outputs"
    verbose_name = "Outputs"

    def ready(self):
        from core import deadlines
        from outputs import tabs
        from outputs.deadlines import option_tasks

        deadlines.register_source(option_tasks)
        tabs.register()
