"""Reference pages for the benchmark, served only when BENCHMARK=1 (see improvement_board/urls.py).

They go through the same middleware, session and sign-in checks as every page, so a page's
time divided by theirs is what the page itself costs.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def baseline(request: HttpRequest) -> HttpResponse:
    """The framework's floor: a small template and nothing else."""
    return render(request, "bench/baseline.html", {"greeting": "Signed in"})


@login_required
def layout(request: HttpRequest) -> HttpResponse:
    """The page layout every page shares (header, navigation, footer) with no content."""
    return render(request, "bench/layout.html")
