"""Plant known bugs one at a time in a copy of the source and check that the tests catch each.

``planted.toml`` lists the bugs. Each replaces one exact text (found exactly once) in one source
file; its tests run against the copy with ``-x``, and the bug counts as caught when a test
fails (pytest exit 1). A suite that still passes misses the bug; any other exit (the planted
copy does not import, no tests collected) is an error in the catalogue, never a catch.

Two kinds of entry:
- the bugs a past audit planted, with the test files that must catch them;
- one bug of each kind (``KINDS``) in each core module of ``modules.toml``, run against that
  module's own tests, as mutation testing does. A kind a module cannot have (an audit write
  in a module that writes nothing) is listed under ``[[not_applicable]]`` with its reason,
  and a module/kind pair with neither is an error, so a new core module must be covered.

Results go to ``var/mutation/planted.txt`` and ``planted.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import __main__ as mutation

ROOT = mutation.ROOT
OUT = mutation.OUT
CATALOGUE = mutation.HERE / "planted.toml"
KINDS = {
    "scope": "a scope or visibility filter dropped",
    "audit": "an audit write dropped",
    "compare": "a comparison flipped (<= to <, >= to >, and the like)",
    "atomic": "an atomic block removed",
}
# Planted where it fits, not required of every module.
OTHER_KINDS = {"check": "a validation dropped or its verdict ignored"}
CAUGHT, MISSED, ERROR = "caught", "MISSED", "ERROR"


@dataclass
class Plant:
    id: str
    kind: str
    file: str
    before: str
    after: str
    what: str
    module: str = ""
    tests: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    id: str
    kind: str
    module: str
    file: str
    what: str
    verdict: str
    seconds: float
    detail: str = ""


def load(modules: dict[str, mutation.Module]) -> tuple[list[Plant], list[dict[str, str]]]:
    data = tomllib.loads(CATALOGUE.read_text("utf-8"))
    plants = [Plant(**entry) for entry in data.get("planted", [])]
    not_applicable: list[dict[str, str]] = data.get("not_applicable", [])
    problems: list[str] = []
    seen: set[str] = set()
    for p in plants:
        if p.id in seen:
            problems.append(f"{p.id}: id used twice")
        seen.add(p.id)
        if p.kind not in KINDS.keys() | OTHER_KINDS.keys():
            problems.append(f"{p.id}: kind {p.kind!r} is not one of {', '.join(KINDS)}, check")
        if p.module and p.module not in modules:
            problems.append(f"{p.id}: module {p.module!r} is not in modules.toml")
        if p.module and not p.tests:
            p.tests = modules[p.module].tests if p.module in modules else []
        if p.module in modules and p.file != modules[p.module].source:
            problems.append(
                f"{p.id}: a {p.module} bug must be planted in {modules[p.module].source}"
            )
        if not p.tests:
            problems.append(f"{p.id}: no tests named")
    for entry in not_applicable:
        if not entry.get("reason", "").strip():
            problems.append(f"not_applicable {entry}: no reason given")
    covered = {(p.module, p.kind) for p in plants if p.module}
    covered |= {(e["module"], e["kind"]) for e in not_applicable}
    for key in modules:
        for kind in KINDS:
            if (key, kind) not in covered:
                problems.append(f"module {key}: no planted {kind} bug and no reason it has none")
    if problems:
        raise SystemExit("planted.toml:\n  " + "\n  ".join(problems))
    return plants, not_applicable


def matching_test_files(globs: list[str]) -> list[str]:
    return mutation.Module("", "", globs, 0).test_files()


def copy_source(work: Path) -> Path:
    shutil.rmtree(work, ignore_errors=True)
    (work / "var").mkdir(parents=True)
    shutil.copytree(
        ROOT / "src", work / "src", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    (work / "docs").symlink_to(ROOT / "docs")  # the portal serves docs/draw-algorithm.md
    return work / "src"


def environment(work: Path) -> dict[str, str]:
    env = mutation.sqlite_env(work / "var")
    env["PYTHONPATH"] = os.pathsep.join([str(work / "src"), env.get("PYTHONPATH", "")])
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def check_copy_is_imported(work: Path, env: dict[str, str]) -> None:
    found = subprocess.run(
        [sys.executable, "-c", "import shuangsuiji; print(shuangsuiji.__file__)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not Path(found).resolve().is_relative_to((work / "src").resolve()):
        raise SystemExit(f"the tests would import {found}, not the planted copy under {work}")


def run_tests(files: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-x",
            "-q",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            "--no-header",
            *files,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def baseline_failures(plants: list[Plant], env: dict[str, str]) -> dict[tuple[str, ...], str]:
    """Run each distinct test selection on the unplanted copy first: a test that already fails
    there would pass for a catch."""
    failing: dict[tuple[str, ...], str] = {}
    for files in sorted({tuple(matching_test_files(p.tests)) for p in plants}):
        if not files:
            continue
        proc = run_tests(list(files), env)
        if proc.returncode != 0:
            lines = [line for line in proc.stdout.splitlines() if line.strip()]
            failing[files] = f"fails without any bug planted: {(lines or ['?'])[-1]}"
        print(f"{'baseline' if proc.returncode == 0 else 'BROKEN'}  {' '.join(files)}", flush=True)
    return failing


def plant_one(plant: Plant, src: Path, env: dict[str, str]) -> Outcome:
    path = src / Path(plant.file).relative_to("src")
    original = path.read_text("utf-8")
    start = time.monotonic()

    def outcome(verdict: str, detail: str = "") -> Outcome:
        return Outcome(
            plant.id,
            plant.kind,
            plant.module,
            plant.file,
            plant.what,
            verdict,
            time.monotonic() - start,
            detail,
        )

    found = original.count(plant.before)
    if found != 1:
        return outcome(ERROR, f"the text to replace occurs {found} times in {plant.file}")
    files = matching_test_files(plant.tests)
    if not files:
        return outcome(ERROR, f"no test file matches {plant.tests}")
    path.write_text(original.replace(plant.before, plant.after), "utf-8")
    try:
        proc = run_tests(files, env)
    finally:
        path.write_text(original, "utf-8")
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    if proc.returncode == 1:
        failed = next((line for line in lines if line.startswith("FAILED")), lines[-1])
        return outcome(CAUGHT, failed)
    if proc.returncode == 0:
        return outcome(MISSED, f"{' '.join(files)} all passed")
    tail = "\n".join((lines + proc.stderr.splitlines())[-5:])
    return outcome(ERROR, f"pytest exit {proc.returncode}:\n{tail}")


def report(outcomes: list[Outcome], not_applicable: list[dict[str, str]]) -> str:
    lines = []
    for o in outcomes:
        where = f"{o.module}/{o.kind}" if o.module else o.kind
        lines.append(f"{o.verdict:7} {o.id} [{where}] {o.what} ({o.seconds:.0f}s)")
        if o.detail:
            lines.extend(f"        {d}" for d in o.detail.splitlines())
    if not_applicable:
        lines.append("")
        lines.append("kinds a core module cannot have:")
        lines.extend(f"  {e['module']}/{e['kind']}: {e['reason']}" for e in not_applicable)
    counts = {v: sum(o.verdict == v for o in outcomes) for v in (CAUGHT, MISSED, ERROR)}
    lines.append("")
    lines.append(
        f"{len(outcomes)} planted: {counts[CAUGHT]} caught, {counts[MISSED]} missed, "
        f"{counts[ERROR]} errors"
    )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m mutation.planted", description=__doc__.split("\n")[0]
    )
    p.add_argument("ids", nargs="*", metavar="ID", help="plant only these (default: all)")
    args = p.parse_args(argv)
    modules = {m.key: m for m in mutation.load_modules()}
    plants, not_applicable = load(modules)
    if args.ids:
        unknown = set(args.ids) - {pl.id for pl in plants}
        if unknown:
            p.error(f"unknown id(s): {', '.join(sorted(unknown))}")
        plants = [pl for pl in plants if pl.id in args.ids]
    work = OUT / "work" / "planted"
    src = copy_source(work)
    env = environment(work)
    check_copy_is_imported(work, env)
    mutation.make_db_template(env)
    broken = baseline_failures(plants, env)
    outcomes = []
    for plant in plants:
        files = tuple(matching_test_files(plant.tests))
        if files in broken:
            outcomes.append(
                Outcome(
                    plant.id,
                    plant.kind,
                    plant.module,
                    plant.file,
                    plant.what,
                    ERROR,
                    0,
                    broken[files],
                )
            )
            continue
        outcomes.append(plant_one(plant, src, env))
        o = outcomes[-1]
        print(f"{o.verdict:7} {o.id} ({o.seconds:.0f}s)", flush=True)
    text = report(outcomes, not_applicable)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "planted.txt").write_text(text, "utf-8")
    (OUT / "planted.json").write_text(
        json.dumps([asdict(o) for o in outcomes], ensure_ascii=False, indent=2) + "\n", "utf-8"
    )
    print(text, end="")
    print(f"report: {OUT / 'planted.txt'}")
    return 0 if all(o.verdict == CAUGHT for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
