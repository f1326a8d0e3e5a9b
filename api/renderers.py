"""CSV, the API's second format (``?format=csv`` or ``Accept: text/csv``)."""

import csv
import io

from rest_framework.renderers import BaseRenderer

from reports.exports import neutralise


class CsvRenderer(BaseRenderer):
    """The same flat records as the JSON, one a row, under a header row of field names.

    Text that a spreadsheet would run as a formula is neutralised as in the app's own
    CSV downloads, and the file starts with a byte-order mark so Excel reads UTF-8."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        records = data if isinstance(data, list) else [data]
        output = io.StringIO()
        output.write("\ufeff")
        fields = list(records[0].keys()) if records else self._fields(renderer_context)
        writer = csv.writer(output)
        writer.writerow(fields)
        for record in records:
            writer.writerow([neutralise(self._cell(record.get(name))) for name in fields])
        return output.getvalue().encode("utf-8")

    def _cell(self, value):
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, list):
            return "; ".join(str(item) for item in value)
        return value

    def _fields(self, renderer_context) -> list[str]:
        """An empty page still has its header row, from the view's serializer."""
        view = (renderer_context or {}).get("view")
        serializer_class = getattr(view, "serializer_class", None)
        return list(serializer_class().fields) if serializer_class else []
