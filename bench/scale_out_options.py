"""How big the scale-out check is (``bench/scale_out.py``): its command-line options,
and its result in words.

Apart from ``scale_out`` so that ``python -m bench -h`` lists them before Django is set up.
"""

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class ScaleOutOptions:
    owners: int = 50  # action owners posting evidence and updates
    readers: int = 4  # Board members reading dashboards throughout
    app_servers: int = 2  # gunicorn instances, each with ``workers`` workers
    workers: int = 2
    task_workers: int = 2

    @staticmethod
    def add_arguments(parser) -> None:
        group = parser.add_argument_group("scale-out check (PostgreSQL)")
        defaults, national = ScaleOutOptions(), NATIONAL
        for name, meaning in (
            ("owners", "action owners saving evidence and updates at once"),
            ("readers", "Board members reading dashboards meanwhile"),
            ("app_servers", "gunicorn instances on the one database"),
            ("task_workers", "task workers building PDFs"),
        ):
            group.add_argument(
                f"--scale-out-{name.replace('_', '-')}",
                dest=f"scale_out_{name}",
                type=int,
                default=None,
                help=f"{meaning} (default {getattr(defaults, name)}, "
                f"national {getattr(national, name)})",
            )

    @classmethod
    def from_args(cls, args) -> "ScaleOutOptions":
        """The options given, else the scale's defaults."""
        defaults = NATIONAL if args.scale == "national" else cls()
        given = {
            name: getattr(args, f"scale_out_{name}")
            for name in ("owners", "readers", "app_servers", "task_workers")
            if getattr(args, f"scale_out_{name}") is not None
        }
        return dataclasses.replace(defaults, workers=args.workers, **given)

    def describe(self) -> str:
        return (
            f"{self.app_servers} app servers x {self.workers} workers and {self.task_workers} "
            f"task workers on one database; {self.owners} owners saving, {self.readers} Board "
            "members reading"
        )


# The national programme's monthly update window: 200 owners saving, 50 Board members
# reading, four app servers on one database.
NATIONAL = ScaleOutOptions(owners=200, readers=50, app_servers=4)


def describe(result: dict) -> str:
    lines = [
        "Scale-out check ({app_servers} gunicorn instances x {workers} workers, "
        "{task_workers} task workers, one database): ".format(**result["options"])
        + ("PASSED" if result["passed"] else "FAILED"),
        f"  {result['signed_in']} people signed in over HTTP ({result['sign_in_seconds']}s), "
        f"then {result['load_seconds']}s of load",
        f"  {result['owners']} owners: {result['updates_saved']} updates saved, "
        f"{result['updates_stored']} stored, {result['lost_updates']} lost, "
        f"{result['duplicated_updates']} duplicated; evidence {result['evidence_saved']} "
        f"saved, {result['evidence_stored']} stored",
        f"  conflicts: {result['conflicts_reported']} of {result['conflict_pairs']} "
        "simultaneous pairs reported as a conflict (HTTP 409), the other of each pair saved",
        f"  {result['dashboard_reads']} dashboard reads by Board members meanwhile; "
        f"{result['requests']} requests, {result['errors']} errors; statuses {result['statuses']}",
        f"  PDF: {result['pdf_builds_succeeded']} of {result['pdf_builds_queued']} queued builds "
        f"succeeded, {result['pdf_builds_run_twice']} run twice, "
        f"workers used {result['pdf_workers_used']}, all done {result['pdf_seconds']}s after start",
    ]
    lines += [f"  PROBLEM: {problem}" for problem in result["problems"]]
    return "\n".join(lines)
