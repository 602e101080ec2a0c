from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = "Partners and partnerships"

    def ready(self):
        from core import deadlines
        from partnerships.deadlines import milestone_tasks

        deadlines.register_source(milestone_tasks)
