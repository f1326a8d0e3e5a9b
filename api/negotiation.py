"""Choosing JSON or CSV: an asked-for format the API does not have is a 400 that says
so, not a silent fall back to JSON (``?format=`` included)."""

from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation


class StrictFormatNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        asked = request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        formats = [renderer.format for renderer in renderers]
        if asked is not None and asked not in formats:
            raise ValidationError(
                {"format": [f"format must be {' or '.join(formats)}, not “{asked[:20]}”."]}
            )
        return super().select_renderer(request, renderers, format_suffix)
