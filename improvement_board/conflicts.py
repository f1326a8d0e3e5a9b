"""The one conflict mechanism: a version read with the form, checked when it is saved.

Edits span two requests, so every write that starts from a form carries what the person
saw (a version number: an action's or a report's ``version``, the value in force for an
indicator's month, a recommendation's fingerprint) and the write service checks it under
a row lock. If someone else saved first, nothing is written and the service raises an
``EditConflict``: each app's subclass carries what the conflict page shows (the other
person's change), and every view answers it the same way, with the form kept as typed.
"""


class EditConflict(Exception):
    """Someone else saved a change after the form was opened; nothing was written."""


def check_version(current, expected, conflict: EditConflict) -> None:
    """Raise ``conflict`` unless the version the person saw (``expected``) is still the
    ``current`` one. Call it only for writes that started from a form."""
    if current != expected:
        raise conflict
