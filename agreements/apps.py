from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = "Agreements"

    def ready(self):
        from agreements import list_stamps, tabs
        from agreements.deadlines import agreement_tasks
        from core import deadlines, health

        # After every migrate, and after the test database is built without migrations.
        post_migrate.connect(list_stamps.install_after_migrate, sender=self)
        health.register_check("list_row_triggers", list_stamps.check_installed)
        deadlines.register_source(agreement_tasks)
        tabs.register()
