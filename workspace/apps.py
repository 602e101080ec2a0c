from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    """Pages that gather what several apps contribute: the task list and the calendar feed."""

    name = "workspace"
    verbose_name = "Workspace"
