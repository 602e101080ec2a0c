from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core import lookup_views
from core import views as core_views
from metrics import urls as metrics_urls

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

urlpatterns = [
    # The API first: Django tries patterns in order, and an API call would otherwise be matched
    # against every page's pattern before its own, on every page a client walks through.
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("metrics.urls")),
    path("", include((metrics_urls.metrics_urlpatterns, "metrics"))),
    path("", include("outputs.urls")),
    path("", include("partnerships.urls")),
    path("", include("people.urls")),
    path("", include("agreements.urls")),
    path("", include("reports.urls")),
    path("", include("workspace.urls")),
    path("accounts/", include("accounts.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("lookup/<slug:kind>/", lookup_views.lookup, name="lookup"),
    # Browsers ask for /favicon.ico whatever the page links; unnamed, as nobody links to it.
    path("favicon.ico", core_views.favicon),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
