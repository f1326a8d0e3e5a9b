"""Panels that apps above this one add to the actions' pages (an owner's risks on My
actions, the risks affecting an action on its page) without this app knowing them:
they answer the signals below with a ``Panel`` (or None), as ``plans/lifecycle.py``
lets apps above it refuse an archive."""

from dataclasses import dataclass, field

from django.dispatch import Signal

# Receivers: ``def panel(sender, user, plans, today, **kwargs) -> Panel | None`` where
# ``plans`` is the queryset of plans My actions lists.
my_actions_panels = Signal()
# Receivers: ``def panel(sender, action, as_at, known_now, user, **kwargs) -> Panel | None``.
action_page_panels = Signal()


@dataclass(frozen=True)
class Panel:
    """A template to include and what it needs; ``count`` says how many things in it need
    the person's attention this month (0 if none)."""

    template: str
    context: dict = field(default_factory=dict)
    count: int = 0


def panels(signal: Signal, **kwargs) -> list[Panel]:
    return [panel for _, panel in signal.send(sender=None, **kwargs) if panel is not None]
