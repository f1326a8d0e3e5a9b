"""The browsable API documentation (Swagger UI), served from the app's own static files.

Swagger UI's files come from drf-spectacular-sidecar through the app's static files, and
its start-up script from a URL of its own (the "split" view), so the page runs under the
app's Content-Security-Policy: scripts and styles from the app only, nothing inline.
"""

from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny


class ApiDocs(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
    title = "Improvement Board API"
    permission_classes = [AllowAny]
    authentication_classes = []
