"""Rows built once for all the tests of a module, and rolled back after its last test.

For data that is costly to build and that the module's tests only read (or change only
inside their own transaction, which pytest-django rolls back after each test, as a
savepoint of this one):

    @pytest.fixture(scope="module")
    def demo(django_db_setup, django_db_blocker):
        with kept_for_the_module(django_db_blocker):
            yield demo_load(stdout=io.StringIO())

The module's tests need the database themselves (``pytestmark = pytest.mark.django_db``).
"""

from contextlib import contextmanager

from django.db import transaction
from django.test import override_settings

# As tests/conftest.py's fast_password_hashing, which is per test and so not yet in force.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextmanager
def kept_for_the_module(django_db_blocker):
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        yield
        transaction.set_rollback(True)
