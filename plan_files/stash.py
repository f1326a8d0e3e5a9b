"""Keeping an uploaded spreadsheet between its preview and the confirmation.

The file goes to Django's default storage under a random name (so it works the same
on a shared disk or S3-compatible storage when there are several app servers); the
session remembers which names belong to this user, so nobody can confirm an import
by guessing a token. The file is read and validated again on confirmation.
"""

import datetime
import logging
import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

logger = logging.getLogger(__name__)

FOLDER = "plan-imports"
SESSION_KEY = "plan_imports"
# Enough for a few tabs at once; older previews in the same session are dropped.
MAX_PER_SESSION = 5
# Files left behind by previews nobody confirmed or cancelled.
STALE_AFTER = datetime.timedelta(days=1)


@dataclass(frozen=True)
class StashedImport:
    token: str
    path: str
    filename: str
    plan_slug: str | None
    new_plan: dict | None

    def read(self) -> bytes:
        with default_storage.open(self.path, "rb") as stored:
            return stored.read()


def stash_import(
    request, *, data: bytes, filename: str, plan_slug: str | None, new_plan: dict | None
) -> StashedImport:
    _discard_stale_files()
    token = secrets.token_urlsafe(24)
    path = default_storage.save(f"{FOLDER}/{token}", ContentFile(data))
    stashes = dict(request.session.get(SESSION_KEY, {}))
    stashes[token] = {
        "path": path,
        "filename": filename,
        "plan": plan_slug,
        "new_plan": new_plan,
        "at": timezone.now().isoformat(),
    }
    for old_token in sorted(stashes, key=lambda t: stashes[t]["at"])[:-MAX_PER_SESSION]:
        _delete_file(stashes.pop(old_token)["path"])
    request.session[SESSION_KEY] = stashes
    return _from_session(token, stashes[token])


def stashed_import(request, token: str) -> StashedImport | None:
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if entry is None or not default_storage.exists(entry["path"]):
        return None
    return _from_session(token, entry)


def discard_import(request, stash: StashedImport) -> None:
    stashes = dict(request.session.get(SESSION_KEY, {}))
    stashes.pop(stash.token, None)
    request.session[SESSION_KEY] = stashes
    _delete_file(stash.path)


def _from_session(token: str, entry: dict) -> StashedImport:
    return StashedImport(
        token=token,
        path=entry["path"],
        filename=entry["filename"],
        plan_slug=entry["plan"],
        new_plan=entry["new_plan"],
    )


def _delete_file(path: str) -> None:
    try:
        default_storage.delete(path)
    except OSError:
        logger.warning("Could not delete the stashed import %s", path)


def _discard_stale_files() -> None:
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return
    cutoff = timezone.now() - STALE_AFTER
    for name in files:
        path = f"{FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
        except (OSError, NotImplementedError):
            continue
