"""The numbering of a Board paper: which sections it prints, in what order, numbered how.

Empty narrative is left out of a final paper (and the numbers close up); a draft shows
where it is still missing. The progress update keeps the reference paper's seven
numbered sections, so its impact and performance figures sit inside section 5; the
monthly report gives them a section of their own.
"""

from dataclasses import dataclass

from .paper_narrative import NarrativeSection

GENERATED_HEADINGS = {
    "figures": "Summary of progress",
    "impact": "Impact and performance",
    "changes": "Ratings changed",
    "exceptions": "Exceptions: Red and Amber actions",
}


@dataclass(frozen=True)
class Part:
    number: int
    key: str
    heading: str
    narrative: NarrativeSection | None


@dataclass(frozen=True)
class Subpart:
    number: str  # "5.2"
    key: str
    heading: str


def numbered_parts(
    *,
    is_monthly: bool,
    is_draft: bool,
    has_impact: bool,
    narrative: dict[str, NarrativeSection],
    since_label: str,
) -> list[Part]:
    """The numbered sections, in print order."""
    if is_monthly:
        keys = ["figures", "impact", "changes", "exceptions", "next_steps"]
    else:
        keys = [
            "introduction",
            "progress",
            "issues",
            "assurance",
            "future_revisions",
            "figures",
            "next_steps",
            "recommendations",
        ]
    parts = []
    for key in keys:
        if key == "impact" and not has_impact:
            continue  # a plan without performance indicators has nothing to show here
        section = narrative.get(key)
        if section is not None and section.is_empty and not is_draft:
            continue
        heading = section.heading if section else GENERATED_HEADINGS[key]
        if key == "changes":
            heading = f"Ratings changed since {since_label}"
        parts.append(Part(number=len(parts) + 1, key=key, heading=heading, narrative=section))
    return parts


def figures_subparts(
    parts: list[Part], *, is_monthly: bool, has_impact: bool, since_label: str
) -> list[Subpart]:
    """The numbered parts of the progress update's "Summary of progress" ("5.1 Movement
    since …" to "5.4 Impact and performance"), in print order; none in a monthly report,
    which gives each of them a section of its own."""
    figures = next((part for part in parts if part.key == "figures"), None)
    if figures is None or is_monthly:
        return []
    headings = [
        ("movement", f"Movement since {since_label}"),
        ("completed", f"Completed since {since_label}"),
        ("exceptions", "Exception report: Red and Amber actions"),
    ]
    if has_impact:
        headings.append(("impact", GENERATED_HEADINGS["impact"]))
    return [
        Subpart(number=f"{figures.number}.{index}", key=key, heading=heading)
        for index, (key, heading) in enumerate(headings, start=1)
    ]
