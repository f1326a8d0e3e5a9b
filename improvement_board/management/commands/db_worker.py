"""``manage.py db_worker``: django-tasks-db's worker, made to outlive database outages.

The library's worker exits on the first ``OperationalError`` that is not a locked SQLite
database: a PostgreSQL restart or a network blip stopped every PDF build until someone
restarted it by hand. This command (the same name, so it takes the library's place: this
app comes first in INSTALLED_APPS) runs the same worker and, when the database goes away,
closes its connections, waits (1 s, doubling to a minute at most) and carries on. It never
exits for that reason; it still stops on SIGTERM or Ctrl+C as before.

Beside it, a housekeeping thread runs the functions named in
``settings.TASK_WORKER_HOUSEKEEPING`` every ``TASK_WORKER_HOUSEKEEPING_SECONDS``: marking
failed the PDF builds whose worker vanished, so they can be built again.
"""

import contextlib
import logging
import os
import threading
import time

from django.conf import settings
from django.core.management.base import CommandError
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django.utils.module_loading import import_string
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("improvement_board.worker")

# Errors that mean "the database cannot be reached now", not "this task is wrong".
DATABASE_GONE = (OperationalError, InterfaceError)
FIRST_WAIT_SECONDS = 1.0
LONGEST_WAIT_SECONDS = 60.0


def close_connections() -> None:
    """Drop every connection, so the next query opens a fresh one."""
    for connection in connections.all(initialized_only=True):
        # A broken connection may fail to close: dropping it is all that was wanted.
        with contextlib.suppress(DatabaseError):
            connection.close()


def run_housekeeping() -> None:
    """Each of settings.TASK_WORKER_HOUSEKEEPING once; a failing one does not stop the rest."""
    for path in getattr(settings, "TASK_WORKER_HOUSEKEEPING", []):
        try:
            import_string(path)()
        except Exception:
            logger.exception("Worker housekeeping %s failed; it runs again shortly", path)
        finally:
            close_connections()  # this thread's own connections


class ResilientWorker(db_worker.Worker):
    """The library's worker, picked up again after the database goes away."""

    sleep = staticmethod(time.sleep)

    def run(self) -> None:
        wait = 0.0
        while self.running:
            started = time.monotonic()
            try:
                super().run()
                return  # --batch or --max-tasks reached: the end the caller asked for
            except DATABASE_GONE as error:
                if not self.running:
                    return
                # Back to the shortest wait when the database had been up for a while.
                if time.monotonic() - started > LONGEST_WAIT_SECONDS:
                    wait = 0.0
                wait = min(LONGEST_WAIT_SECONDS, wait * 2 or FIRST_WAIT_SECONDS)
                logger.warning(
                    "The database cannot be reached (%s: %s); trying again in %g s",
                    type(error).__name__,
                    str(error).strip().splitlines()[0] if str(error).strip() else "",
                    wait,
                )
                close_connections()
                self.sleep(wait)
                # No random start-up pause after the first start.
                self.startup_delay = False


class Housekeeper(threading.Thread):
    """Runs the worker's housekeeping every few seconds, for as long as the process lives."""

    def __init__(self, every: float):
        super().__init__(name="worker-housekeeping", daemon=True)
        self.every = every
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            run_housekeeping()
            self.stopped.wait(self.every)


class Command(db_worker.Command):
    help = (
        "Run the background worker (PDF builds). It waits for the database to come back "
        "rather than exit, and marks failed the builds whose worker vanished."
    )

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options,
    ) -> None:
        # As the library's handle(), with this module's worker and the housekeeping thread.
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
        )
        every = getattr(settings, "TASK_WORKER_HOUSEKEEPING_SECONDS", 60)
        if every and not batch:
            Housekeeper(every).start()
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the reloaded child
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
