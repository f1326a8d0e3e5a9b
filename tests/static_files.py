"""WhiteNoise's table of the collected static files, read from disk once per test run.

Every test client builds the middleware afresh, as a new server process would, and
WhiteNoise's middleware then walks STATIC_ROOT (hundreds of files: Django's admin, DRF,
Swagger UI) and works out each file's headers and compressed variants. That took about a
fifth of a second per client, and the tests make thousands of clients (the access matrix
one per role, method and URL). The table depends only on the files, which change only when
collectstatic rewrites them and their manifest, and on WhiteNoise's settings, so it is kept
under exactly those and handed to each new middleware: what it serves, with which headers,
is what a fresh walk would give.
"""

import os

from django.conf import settings
from whitenoise.base import WhiteNoise

_original = WhiteNoise.update_files_dictionary
_tables: dict[tuple, dict] = {}


def _disk_state(root: str) -> tuple:
    """What changes whenever collectstatic writes: the folder and the manifest."""
    state = []
    for path in (root, os.path.join(root, "staticfiles.json")):
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            state.append(None)
        else:
            state.append((stat.st_mtime_ns, stat.st_size))
    return tuple(state)


def _key(middleware: WhiteNoise, root: str, prefix: str) -> tuple:
    whitenoise_settings = sorted(
        (name, repr(getattr(settings, name)))
        for name in dir(settings)
        if name.startswith("WHITENOISE_")
    )
    return (
        type(middleware),
        root,
        prefix,
        _disk_state(root),
        middleware.max_age,
        middleware.allow_all_origins,
        middleware.charset,
        middleware.index_file,
        middleware.add_headers_function,
        getattr(middleware, "static_prefix", None),
        # Whether a file's name carries its hash (so it is cached for ever) is read from
        # the static files storage's manifest.
        repr(settings.STORAGES.get("staticfiles")),
        settings.STATIC_URL,
        settings.DEBUG,
        tuple(whitenoise_settings),
    )


def _update_files_dictionary(self, root, prefix):
    key = _key(self, root, prefix)
    table = _tables.get(key)
    if table is None:
        before = self.files
        self.files = {}
        try:
            _original(self, root, prefix)
            table = _tables[key] = self.files
        finally:
            self.files = before
    self.files.update(table)


def keep_static_files_table():
    WhiteNoise.update_files_dictionary = _update_files_dictionary


def forget_static_files_table():
    WhiteNoise.update_files_dictionary = _original
    _tables.clear()
