from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People and placements"

    def ready(self):
        from core import roles
        from people import tabs
        from people.selectors import liaison_organization_ids

        # A liaison acts for the organizations of their current affiliations.
        roles.register_liaison_organizations(liaison_organization_ids)
        tabs.register()
