#!/usr/bin/env python
import os
import sys

# What a deployment sets. A copy with none of them is a development copy on its SQLite
# file, where commands run as `make run` serves: with DEBUG on, so that no key is needed.
DEPLOYMENT_VARIABLES = ("DEBUG", "SECRET_KEY", "DATABASE_URL")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "improvement_board.settings")
    if not any(os.environ.get(name) for name in DEPLOYMENT_VARIABLES):
        os.environ["DEBUG"] = "true"

    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 (reading a setting loads them all)
    except ImproperlyConfigured as error:
        # A setting missing or wrong is said in one line, not a traceback.
        sys.exit(f"Improvement Board cannot start: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
