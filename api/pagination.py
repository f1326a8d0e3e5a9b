"""Paging that keeps each response a flat JSON array (or CSV table) of records.

Power BI's and Excel's "From Web" read a JSON array of flat records, or a CSV, straight
into a table; an envelope ({"count": …, "results": […]}) would need a transformation
first. So the page is the whole body, and where it sits goes in the headers: the total
in ``X-Total-Count``, the pages in ``X-Page`` and ``X-Page-Count``, and the next and
previous pages in ``Link`` (RFC 8288), as GitHub's API does.
"""

import math

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

PAGE_SIZE = 1000
MAX_PAGE_SIZE = 5000


def _positive_int(request, name: str, default: int, most: int | None = None) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1 or (most is not None and value > most):
        limit = f" from 1 to {most}" if most else " of 1 or more"
        raise ValidationError({name: [f"{name} must be a whole number{limit}, not “{raw[:20]}”."]})
    return value


class FlatPagination(BasePagination):
    def paginate_queryset(self, queryset, request, view=None):
        self.read_request(request)
        self.found(len(queryset) if isinstance(queryset, list) else queryset.count())
        start = (self.page - 1) * self.page_size
        return list(queryset[start : start + self.page_size])

    def read_request(self, request) -> None:
        """The page asked for, and its size."""
        self.request = request
        self.page = _positive_int(request, "page", 1)
        self.page_size = _positive_int(request, "page_size", PAGE_SIZE, MAX_PAGE_SIZE)

    def found(self, count: int) -> None:
        """How many records there are in all: a page past the last is not found.

        Called by ``paginate_queryset``, or with the total kept beside a page of records
        that was kept (``reports.page_cache.plan_records``)."""
        self.count = count
        self.pages = max(1, math.ceil(self.count / self.page_size))
        if self.page > self.pages:
            raise NotFound(f"Page {self.page} is past the last page, {self.pages}.")

    def get_paginated_response(self, data):
        response = Response(data)
        response["X-Total-Count"] = str(self.count)
        response["X-Page"] = str(self.page)
        response["X-Page-Count"] = str(self.pages)
        links = []
        url = self.request.build_absolute_uri()
        if self.page < self.pages:
            links.append(f'<{replace_query_param(url, "page", self.page + 1)}>; rel="next"')
        if self.page > 1:
            previous = (
                remove_query_param(url, "page")
                if self.page == 2
                else replace_query_param(url, "page", self.page - 1)
            )
            links.append(f'<{previous}>; rel="prev"')
        if links:
            response["Link"] = ", ".join(links)
        return response

    def get_paginated_response_schema(self, schema):
        return schema  # the page is the body: an array of records

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "page",
                "required": False,
                "in": "query",
                "description": "Which page, from 1. The Link header names the next one.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": "page_size",
                "required": False,
                "in": "query",
                "description": f"Records a page, from 1 to {MAX_PAGE_SIZE} (default {PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]
