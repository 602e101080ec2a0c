from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = "Agreements"

    def ready(self):
        from agreements import list_stamps

        # After every migrate, and after the test database is built without migrations.
        post_migrate.connect(list_stamps.install_after_migrate, sender=self)
