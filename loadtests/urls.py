"""Tandem's URLs and `/load/constant/`, a bare DRF endpoint for the load run only.

The probe answers a constant through everything an API call goes through (middleware, token
authentication, the default permission, JSON rendering) and nothing else. The load run measures
its requests per second in the same run as the agreements list's: the ratio is what listing 50
agreements costs on top of DRF's floor, on this machine, at this moment. Unnamed, and absent
from config.urls: production never routes to it.
"""

from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import handler400, handler403, handler404, handler500
from config.urls import urlpatterns as tandem_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


class ConstantView(APIView):
    def get(self, request):
        return Response({"ok": True})


urlpatterns = [path("load/constant/", ConstantView.as_view()), *tandem_urlpatterns]
