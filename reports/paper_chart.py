"""The Board paper's chart: one stacked bar of RAG ratings per section, laid out as SVG.

Pure geometry and colour from a ``PlanSummary``; the templates draw it and
``reports/word.py`` reuses the colours, so the page, the PDF and Word agree.
"""

from dataclasses import dataclass

from actions.models import Rating

from .summary import PlanSummary

# Chart colours: the fills of the app's rating tags, each with a text colour at WCAG AA
# contrast (see frontend/app.scss); the PDF and the page must agree.
RATING_FILL = {
    Rating.BLUE: "#1d70b8",
    Rating.GREEN: "#0f7a52",
    Rating.AMBER: "#faaa1c",
    Rating.RED: "#ca3535",
}
RATING_TEXT = {
    Rating.BLUE: "#ffffff",
    Rating.GREEN: "#ffffff",
    Rating.AMBER: "#0b0c0c",
    Rating.RED: "#ffffff",
}


@dataclass(frozen=True)
class ChartSegment:
    rating: Rating
    count: int
    x: float
    width: float

    @property
    def fill(self) -> str:
        return RATING_FILL[self.rating]

    @property
    def text_fill(self) -> str:
        return RATING_TEXT[self.rating]

    @property
    def label_x(self) -> float:
        return self.x + self.width / 2

    @property
    def shows_count(self) -> bool:
        # Counts only go inside segments wide enough to hold them; the table beside the
        # chart always has every number.
        return self.width >= 18


@dataclass(frozen=True)
class ChartBar:
    title: str
    total: int
    y: float
    segments: list[ChartSegment]
    end_x: float

    @property
    def label_y(self) -> float:
        return self.y - 6

    @property
    def text_y(self) -> float:
        return self.y + 14

    @property
    def total_x(self) -> float:
        return self.end_x + 8


@dataclass(frozen=True)
class LegendEntry:
    rating: Rating
    x: float
    y: float

    @property
    def fill(self) -> str:
        return RATING_FILL[self.rating]

    @property
    def text_x(self) -> float:
        return self.x + 20

    @property
    def text_y(self) -> float:
        return self.y + 12


@dataclass(frozen=True)
class Chart:
    """A horizontal stacked bar per section, laid out for an SVG 640 units wide."""

    bars: list[ChartBar]
    height: float
    legend: list[LegendEntry]
    alt: str

    WIDTH = 640


def summary_chart(summary: PlanSummary) -> Chart:
    bar_area = 560  # the rest holds the "22 actions" label after the longest bar
    largest = max((row.total for row in summary.rows), default=0) or 1
    bars = []
    y = 24.0
    for row in summary.rows:
        x = 0.0
        segments = []
        for rating, count in row.cells:
            width = bar_area * count / largest
            if count:
                segments.append(ChartSegment(rating=rating, count=count, x=x, width=width))
            x += width
        bars.append(ChartBar(title=row.title, total=row.total, y=y, segments=segments, end_x=x))
        y += 48
    # Two legend entries a line: the Board's wording is long.
    legend = [
        LegendEntry(rating=Rating(value), x=(index % 2) * 320, y=y - 4 + (index // 2) * 22)
        for index, value in enumerate(Rating.values)
    ]
    parts = []
    for row in summary.rows:
        counts = ", ".join(f"{n} {rating.colour}" for rating, n in row.cells)
        parts.append(f"{row.title}: {row.total} actions ({counts})")
    alt = (
        f"Bar chart of the RAG ratings of the actions in each section of the plan as at "
        f"{summary.as_at:%-d %B %Y}. " + "; ".join(parts) + "."
    )
    return Chart(bars=bars, height=legend[-1].y + 18, legend=legend, alt=alt)
