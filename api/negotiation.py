"""Choosing JSON or CSV.

``?format=csv`` or ``?format=json`` decides, whatever the ``Accept`` header says (a
spreadsheet's "From Web" may send a browser's); a format the API does not have is a 400
that says so, not a silent JSON (``?format=`` included). Without ``format``, ``Accept``
decides, and a client that accepts neither gets JSON rather than a 406.
"""

from rest_framework.exceptions import NotAcceptable, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation


class StrictFormatNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        asked = request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if asked is not None:
            for renderer in renderers:
                if renderer.format == asked:
                    return renderer, renderer.media_type
            formats = " or ".join(renderer.format for renderer in renderers)
            raise ValidationError({"format": [f"format must be {formats}, not “{asked[:20]}”."]})
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            return renderers[0], renderers[0].media_type
