"""The narrative of a Board paper: the authors' Markdown, rendered under its headings."""

from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from .markdown import numbered_lines, render_markdown

NARRATIVE_HEADINGS = {
    "summary": "Summary",
    "introduction": "Introduction",
    "progress": "Progress",
    "issues": "Specific issues that have delayed progress",
    "assurance": "External assurance since the last Board",
    "future_revisions": "Future revisions to the plan",
    "next_steps": "Next steps",
    "recommendations": "Recommendations",
}


@dataclass
class NarrativeSection:
    key: str
    heading: str
    html: SafeString
    items: list[SafeString] = field(default_factory=list)  # recommendations only

    @property
    def is_empty(self) -> bool:
        return not self.html and not self.items


def narrative_sections(
    source, keys: list[str], drafts: dict[str, str] | None = None
) -> dict[str, NarrativeSection]:
    """The authors' narrative under its headings; where they wrote nothing, the draft from
    the data (``drafts``, by key) if there is one."""
    sections = {}
    for key in keys:
        text = getattr(source, key, "") or (drafts or {}).get(key, "")
        if key == "recommendations":
            sections[key] = NarrativeSection(
                key=key,
                heading=NARRATIVE_HEADINGS[key],
                html=SafeString(""),
                items=numbered_lines(text),
            )
        else:
            sections[key] = NarrativeSection(
                key=key, heading=NARRATIVE_HEADINGS[key], html=render_markdown(text)
            )
    return sections
