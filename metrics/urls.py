from django.urls import path

from metrics.views import dashboard

# The dashboard keeps its un-namespaced name ("dashboard" at "/"): templates and tests use it.
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
]


metrics_urlpatterns = [
    path("metrics/", dashboard.dashboard, name="metrics-dashboard"),
    path("metrics/status/", dashboard.recompute_status, name="recompute-status"),
    path("metrics/recompute/", dashboard.recompute_start, name="recompute-start"),
]
