"""The packages' layers (ARCHITECTURE.md) hold: import-linter's contract in pyproject.toml,
the same check `make lint` runs, kept, covering every app of the project, and broken by
an import against the layers, even one inside a function."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def contract_config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def lint_imports(where: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=where,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_layers_contract_is_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def test_every_app_of_the_project_is_in_a_layer():
    own_apps = {app.split(".")[0] for app in settings.INSTALLED_APPS if (ROOT / app).is_dir()}
    config = contract_config()
    (contract,) = config["contracts"]
    in_layers = {name.strip() for layer in contract["layers"] for name in layer.split("|")}
    assert own_apps <= set(config["root_packages"])
    assert set(config["root_packages"]) == in_layers


def test_an_import_against_the_layers_breaks_the_contract(tmp_path):
    config = contract_config()
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    for package in config["root_packages"]:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    # The foundation reaching up to the reports, inside a function as a lazy import would.
    (tmp_path / "improvement_board" / "reaches_up.py").write_text(
        "def meetings():\n"
        "    from reports.models import BoardMeeting\n\n"
        "    return BoardMeeting.objects.all()\n"
    )

    result = lint_imports(tmp_path)

    assert result.returncode == 1
    assert "Contracts: 0 kept, 1 broken." in result.stdout
    assert "improvement_board is not allowed to import reports" in result.stdout
    assert "improvement_board.reaches_up -> reports.models" in result.stdout
