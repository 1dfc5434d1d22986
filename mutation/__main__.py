"""Run mutmut on each core module against its own tests, score it, list its survivors.

mutmut reads its settings from ``pyproject.toml`` in the directory it runs in and copies the
source into ``mutants/`` there, so each module gets a work directory of its own under
``var/mutation/work/<module>/``: links to ``src`` and ``tests`` and a ``pyproject.toml`` that is
the project's plus a ``[tool.mutmut]`` table naming that module and its test files. A run
always starts from a fresh ``mutants/``: cached verdicts would outlive the tests that made them.

Score = (killed + timed out) / (mutants - equivalent). A survivor listed in ``equivalent.toml``
(same function, same line before and after, whatever its line number) is counted apart.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import fnmatch
import glob
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from mutmut.mutation.diff_apply import get_diff_for_mutant
from mutmut.stats import status_by_exit_code
from mutmut.utils.format_utils import orig_function_and_class_names_from_key

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
OUT = ROOT / "var" / "mutation"
KILLED = {"killed", "caught by type check"}
TIMEOUT = {"timeout", "segfault"}  # the worker was stopped: the tests did not pass
NOT_CHECKED = {"not checked", "check was interrupted by user", "skipped"}
MIN_SECONDS_TO_START = 30


@dataclass
class Module:
    key: str
    source: str
    tests: list[str]
    fail_under: float

    def test_files(self) -> list[str]:
        found = sorted(
            {str(Path(p).relative_to(ROOT)) for g in self.tests for p in glob.glob(str(ROOT / g))}
        )
        return found


@dataclass
class Survivor:
    name: str
    status: str
    function: str
    line: int
    before: str
    after: str
    diff: str
    reason: str = ""


@dataclass
class Result:
    key: str
    source: str
    tests: list[str]
    state: str = "complete"  # complete, partial (budget), failed (mutmut could not run)
    total: int = 0
    killed: int = 0
    timeout: int = 0
    survived: int = 0
    no_tests: int = 0
    not_checked: int = 0
    equivalent: int = 0
    score: float | None = None
    fail_under: float = 90.0
    seconds: float = 0.0
    not_mutated: list[str] = field(default_factory=list)
    survivors: list[Survivor] = field(default_factory=list)
    equivalents: list[Survivor] = field(default_factory=list)
    stale_equivalents: list[str] = field(default_factory=list)
    commit: str = ""
    run_at: str = ""

    @property
    def below_target(self) -> bool:
        return self.state == "complete" and self.score is not None and self.score < self.fail_under


def load_modules() -> list[Module]:
    data = tomllib.loads((HERE / "modules.toml").read_text("utf-8"))
    return [
        Module(key, spec["source"], list(spec["tests"]), float(spec.get("fail_under", 90)))
        for key, spec in data["modules"].items()
    ]


def load_equivalents() -> list[dict[str, str]]:
    data = tomllib.loads((HERE / "equivalent.toml").read_text("utf-8"))
    entries: list[dict[str, str]] = data.get("equivalent", [])
    for entry in entries:
        missing = {"module", "function", "before", "after", "reason"} - entry.keys()
        if missing or not entry["reason"].strip():
            raise SystemExit(
                f"equivalent.toml: entry {entry} lacks {sorted(missing) or 'a reason'}"
            )
    return entries


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()


def changed_modules(modules: list[Module], rev: str) -> list[Module]:
    """Modules whose source or own test files differ between ``rev`` and the working tree."""
    try:
        changed = set(git("diff", "--name-only", rev, "--").splitlines())
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"--changed-since {rev}: {exc.stderr.strip()}") from exc
    changed |= set(git("ls-files", "--others", "--exclude-standard").splitlines())
    return [
        m
        for m in modules
        if m.source in changed or any(fnmatch.fnmatch(f, g) for f in changed for g in m.tests)
    ]


def decorated_functions(source: Path) -> list[str]:
    """Functions mutmut leaves alone: it never mutates a decorated function (bar static/class
    methods), so these lines are outside the score and named in the report."""
    tree = ast.parse(source.read_text("utf-8"))
    names: list[str] = []

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                kinds = [ast.unparse(d) for d in node.decorator_list]
                if kinds and kinds not in (["staticmethod"], ["classmethod"]):
                    names.append(f"{prefix}{node.name} (@{', @'.join(kinds)})")
            elif isinstance(node, ast.ClassDef):
                visit(node.body, f"{prefix}{node.name}.")

    visit(tree.body, "")
    return names


def function_lines(source: Path) -> dict[str, tuple[int, int]]:
    """``Class.method`` or ``function`` -> (first line, last line) in the original file."""
    spans: dict[str, tuple[int, int]] = {}

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                spans[prefix + node.name] = (node.lineno, node.end_lineno or node.lineno)
            elif isinstance(node, ast.ClassDef):
                visit(node.body, f"{prefix}{node.name}.")

    visit(ast.parse(source.read_text("utf-8")).body, "")
    return spans


def write_workdir(module: Module, tests: list[str]) -> Path:
    work = OUT / "work" / module.key
    shutil.rmtree(work, ignore_errors=True)
    (work / "var").mkdir(parents=True)
    (work / "src").symlink_to(ROOT / "src")
    (work / "tests").symlink_to(ROOT / "tests")
    (work / "docs").symlink_to(ROOT / "docs")  # tests read the published draw vectors
    table = {
        "source_paths": ["src/shuangsuiji"],
        "only_mutate": [module.source],
        "also_copy": ["docs"],
        "pytest_add_cli_args_test_selection": tests,
        "pytest_add_cli_args": ["-p", "no:cacheprovider"],
        "use_git_change_detection": False,
    }
    lines = [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in table.items()]
    project = (ROOT / "pyproject.toml").read_text("utf-8")
    (work / "pyproject.toml").write_text(
        project + "\n[tool.mutmut]\n" + "\n".join(lines) + "\n", "utf-8"
    )
    (work / "source.sha256").write_text(source_hash(module), "utf-8")
    return work


def source_hash(module: Module) -> str:
    return hashlib.sha256((ROOT / module.source).read_bytes()).hexdigest()


def meta_path(module: Module, work: Path) -> Path:
    return work / "mutants" / (module.source + ".meta")


def retry_survivors(module: Module, tests: list[str], seconds: float, children: int) -> str:
    """Run the last complete run's survivors again with the current tests, in a work directory
    of their own, and write their new verdicts into that run. Refused when the source changed
    since (the mutants would no longer be the same) or the last run did not finish."""
    work = OUT / "work" / module.key
    meta = meta_path(module, work)
    stamp = work / "source.sha256"
    if not meta.exists() or not stamp.exists():
        raise SystemExit(f"{module.key}: no earlier run to retry; run it in full first")
    if stamp.read_text("utf-8") != source_hash(module):
        raise SystemExit(
            f"{module.key}: {module.source} changed since its last run; run it in full"
        )
    data = json.loads(meta.read_text("utf-8"))
    codes: dict[str, int | None] = data["exit_code_by_key"]
    if any(status_by_exit_code[c] in NOT_CHECKED for c in codes.values()):
        raise SystemExit(f"{module.key}: the last run did not finish; run it in full")
    again = [
        name for name, code in codes.items() if status_by_exit_code[code] not in KILLED | TIMEOUT
    ]
    if not again:
        return "complete"
    retry = write_workdir(Module(f"{module.key}-retry", module.source, module.tests, 0), tests)
    state, _ = run_mutmut(retry, seconds, children, again)
    fresh = json.loads(meta_path(module, retry).read_text("utf-8"))["exit_code_by_key"]
    for name in again:
        if fresh.get(name) is not None:
            codes[name] = fresh[name]
    meta.write_text(json.dumps(data), "utf-8")
    shutil.copy(retry / "pyproject.toml", work / "pyproject.toml")  # the tests now named
    return "complete" if state == "complete" else "partial"


@contextmanager
def cwd(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def sqlite_env(data_dir: Path) -> dict[str, str]:
    """The environment of a test run on SQLite with its data under ``data_dir``."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["SSJ_DATA_DIR"] = str(data_dir)
    return env


def make_db_template(env: dict[str, str]) -> None:
    """Migrate a SQLite file once and point the tests at it (SSJ_TEST_DB_TEMPLATE): each test
    session then starts from a copy instead of migrating an in-memory database from scratch,
    which would be most of the time each mutant takes."""
    data_dir = Path(env["SSJ_DATA_DIR"])
    template = data_dir / "db.sqlite3"
    template.unlink(missing_ok=True)
    cli = Path(sys.executable).parent / "shuangsuiji"
    subprocess.run(
        [str(cli), "migrate", "--no-input"], env=env, check=True, capture_output=True, cwd=ROOT
    )
    env["SSJ_TEST_DB_TEMPLATE"] = str(template)


def run_mutmut(
    work: Path, seconds: float, children: int, names: list[str] | None = None
) -> tuple[str, float]:
    """Run ``mutmut run`` in ``work`` (only ``names`` when given); stop it (its whole process
    group) after ``seconds``."""
    env = sqlite_env(work / "var")
    make_db_template(env)
    mutmut = Path(sys.executable).parent / "mutmut"
    start = time.monotonic()
    with (work / "mutmut.log").open("wb") as log:
        proc = subprocess.Popen(
            [str(mutmut), "run", "--max-children", str(children), *(names or [])],
            cwd=work,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            code = proc.wait(timeout=max(seconds, 1))
            state = "complete" if code == 0 else "failed"
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            state = "partial"
    return state, time.monotonic() - start


def changed_lines(diff: str) -> tuple[str, str, int]:
    """The removed and added lines of a mutant's diff (stripped), and the removed line's
    position within the function (1 = the ``def`` line)."""
    before, after, first, old = [], [], 0, 0
    for line in diff.splitlines():
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            old = int(line.split()[1].lstrip("-").split(",")[0])
            continue
        if line.startswith("-"):
            before.append(line[1:].strip())
            first = first or old
            old += 1
        elif line.startswith("+"):
            after.append(line[1:].strip())
        else:
            old += 1
    return "\n".join(before), "\n".join(after), first


def survivor_of(
    name: str, status: str, module: Module, spans: dict[str, tuple[int, int]]
) -> Survivor:
    func, cls = orig_function_and_class_names_from_key(name)
    qualname = f"{cls}.{func}" if cls else func
    diff = get_diff_for_mutant(name, path=module.source)
    before, after, offset = changed_lines(diff)
    start, end = spans.get(qualname, (0, 0))
    source_lines = (ROOT / module.source).read_text("utf-8").splitlines()
    line = start + offset - 1 if start and offset else start
    first_before = before.split("\n")[0]
    if before and not (
        0 < line <= len(source_lines) and source_lines[line - 1].strip() == first_before
    ):
        # The diff renders the function without its leading comments: find the line itself.
        line = next(
            (n for n in range(start, end + 1) if source_lines[n - 1].strip() == first_before), line
        )
    return Survivor(name, status, qualname, line, before, after, diff)


def score_module(
    module: Module, work: Path, state: str, equivalents: list[dict[str, str]]
) -> Result:
    result = Result(module.key, module.source, [], state=state, fail_under=module.fail_under)
    result.not_mutated = decorated_functions(ROOT / module.source)
    meta = meta_path(module, work)
    if not meta.exists():
        result.state = "failed"
        return result
    codes: dict[str, int | None] = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
    spans = function_lines(ROOT / module.source)
    mine = [e for e in equivalents if e["module"] == module.key]
    used: set[int] = set()
    with cwd(work):
        for name, code in sorted(codes.items(), key=lambda kv: mutant_order(kv[0])):
            status = status_by_exit_code[code]
            result.total += 1
            if status in KILLED:
                result.killed += 1
                continue
            if status in TIMEOUT:
                result.timeout += 1
                continue
            if status in NOT_CHECKED:
                result.not_checked += 1
                continue
            s = survivor_of(name, status, module, spans)
            match = next(
                (
                    i
                    for i, e in enumerate(mine)
                    if (e["function"], e["before"].strip(), e["after"].strip())
                    == (s.function, s.before, s.after)
                ),
                None,
            )
            if match is not None:
                used.add(match)
                s.reason = mine[match]["reason"]
                result.equivalent += 1
                result.equivalents.append(s)
            elif status == "no tests":
                result.no_tests += 1
                result.survivors.append(s)
            else:
                result.survived += 1
                result.survivors.append(s)
    if state == "complete":
        result.stale_equivalents = [
            f"{e['function']}: {e['before']} -> {e['after']}"
            for i, e in enumerate(mine)
            if i not in used
        ]
    counted = result.total - result.equivalent - result.not_checked
    if counted:
        result.score = round(100 * (result.killed + result.timeout) / counted, 1)
    return result


def mutant_order(name: str) -> tuple[str, int]:
    base, _, number = name.rpartition("__mutmut_")
    return base, int(number) if number.isdigit() else 0


def write_report(result: Result) -> None:
    lines = [
        f"{result.source}: {result.state}, tests {' '.join(result.tests) or '(none)'}",
        f"mutants {result.total}: killed {result.killed}, timed out {result.timeout}, "
        f"survived {result.survived}, no tests {result.no_tests}, equivalent {result.equivalent}, "
        f"not checked {result.not_checked}; score {fmt_score(result.score)} "
        f"(fail under {result.fail_under:g}%)",
        f"at {result.commit} on {result.run_at}, {result.seconds:.0f}s",
    ]
    if result.not_mutated:
        lines.append("not mutated (decorated): " + "; ".join(result.not_mutated))
    if result.stale_equivalents:
        lines.append("equivalent.toml entries matching no survivor: ")
        lines += [f"  {s}" for s in result.stale_equivalents]
    for title, rows in (("SURVIVORS", result.survivors), ("EQUIVALENT", result.equivalents)):
        lines.append(f"\n==== {title} ({len(rows)})")
        for s in rows:
            lines.append(f"\n--- {result.source}:{s.line} {s.function} [{s.status}] {s.name}")
            if s.reason:
                lines.append(f"reason: {s.reason}")
            lines.append(s.diff)
    (OUT / f"{result.key}.txt").write_text("\n".join(lines) + "\n", "utf-8")


def write_summary(results: list[Result], args: argparse.Namespace) -> None:
    path = OUT / "summary.json"
    old: dict[str, Any] = json.loads(path.read_text("utf-8")) if path.exists() else {}
    modules: dict[str, Any] = old.get("modules", {})
    for r in results:
        entry = asdict(r)
        entry["survivors"] = [
            f"{r.source}:{s.line} {s.function}: {s.before} -> {s.after}" for s in r.survivors
        ]
        entry["equivalents"] = [f"{s.function}: {s.before} -> {s.after}" for s in r.equivalents]
        modules[r.key] = entry
    summary = {
        "last_run": {
            "at": now(),
            "commit": head(),
            "modules": sorted(
                {*old.get("last_run", {}).get("modules", []), *(r.key for r in results)}
            )
            if old.get("last_run", {}).get("pid") == os.getpid()
            else [r.key for r in results],
            "pid": os.getpid(),
            "changed_since": args.changed_since,
            "budget_seconds": args.budget,
        },
        "modules": modules,
    }
    path.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", "utf-8")


def fmt_score(score: float | None) -> str:
    return "-" if score is None else f"{score:.1f}%"


def print_table(results: list[Result], skipped: list[str]) -> None:
    header = (
        "module",
        "mutants",
        "killed",
        "timeout",
        "survived",
        "no tests",
        "equiv",
        "score",
        "state",
        "time",
    )
    rows = [
        (
            r.key,
            r.total,
            r.killed,
            r.timeout,
            r.survived,
            r.no_tests,
            r.equivalent,
            fmt_score(r.score) + (" !" if r.below_target else ""),
            r.state,
            f"{r.seconds:.0f}s",
        )
        for r in results
    ]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=False)]
    for row in (header, *rows):
        print("  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)))
    for key in skipped:
        print(f"{key}: not run, the time budget was spent")
    for r in results:
        if r.state == "partial":
            print(f"{r.key}: stopped by the time budget, {r.not_checked} mutants not checked")
        if r.state == "failed":
            print(f"{r.key}: mutmut failed, see {OUT / 'work' / r.key / 'mutmut.log'}")


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def head() -> str:
    try:
        return git("rev-parse", "--short", "HEAD")
    except subprocess.CalledProcessError:
        return ""


def parse_args(argv: list[str] | None, keys: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m mutation", description=__doc__.split("\n")[0])
    p.add_argument("modules", nargs="*", metavar="MODULE", help=f"of {', '.join(keys)}")
    p.add_argument(
        "--changed-since",
        metavar="REV",
        help="only modules whose source or own tests changed since REV",
    )
    p.add_argument(
        "--budget",
        type=float,
        default=None,
        metavar="SECONDS",
        help="stop after this long; modules not finished are reported, not failed",
    )
    p.add_argument("--max-children", type=int, default=1, help="mutmut workers (default 1)")
    p.add_argument(
        "--rescore",
        action="store_true",
        help="score the last run's mutants again (after editing equivalent.toml), run nothing",
    )
    p.add_argument(
        "--retry",
        action="store_true",
        help="run only the last complete run's survivors again, with the current tests",
    )
    args = p.parse_args(argv)
    unknown = set(args.modules) - set(keys)
    if unknown:
        p.error(f"unknown module(s) {', '.join(sorted(unknown))}; known: {', '.join(keys)}")
    return args


def main(argv: list[str] | None = None) -> int:
    modules = load_modules()
    args = parse_args(argv, [m.key for m in modules])
    equivalents = load_equivalents()
    if args.modules:
        modules = [m for m in modules if m.key in args.modules]
    if args.changed_since:
        modules = changed_modules(modules, args.changed_since)
        print(
            f"core modules changed since {args.changed_since}: "
            f"{', '.join(m.key for m in modules) or 'none'}"
        )
    OUT.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + args.budget if args.budget else None
    results: list[Result] = []
    skipped: list[str] = []
    for module in modules:
        left = deadline - time.monotonic() if deadline else 24 * 3600.0
        if left < MIN_SECONDS_TO_START:
            skipped.append(module.key)
            continue
        tests = module.test_files()
        work = OUT / "work" / module.key
        if args.rescore and (work / "pyproject.toml").exists():
            ran = tomllib.loads((work / "pyproject.toml").read_text("utf-8"))["tool"]["mutmut"]
            tests = ran["pytest_add_cli_args_test_selection"]
        verb = (
            "rescoring" if args.rescore else "retrying survivors of" if args.retry else "mutating"
        )
        print(f"{verb} {module.source} against {' '.join(tests)}", flush=True)
        if not tests:
            result = Result(module.key, module.source, [], state="failed")
        elif args.retry:
            started = time.monotonic()
            state = retry_survivors(module, tests, left, args.max_children)
            result = score_module(module, work, state, equivalents)
            result.seconds = time.monotonic() - started
        elif args.rescore:
            log = work / "mutmut.log"
            done = log.exists() and "mutations/second" in log.read_text("utf-8", "replace")
            result = score_module(module, work, "complete" if done else "partial", equivalents)
        else:
            work = write_workdir(module, tests)
            state, seconds = run_mutmut(work, left, args.max_children)
            result = score_module(module, work, state, equivalents)
            result.seconds = seconds
        result.tests, result.commit, result.run_at = tests, head(), now()
        write_report(result)
        results.append(result)
        write_summary([result], args)  # after each module, so a stopped run keeps what it did
    if results or skipped:
        print_table(results, skipped)
        print(f"survivors and diffs: {OUT}/<module>.txt; scores: {OUT / 'summary.json'}")
    failed = [r.key for r in results if r.below_target or r.state == "failed"]
    if failed:
        print(f"below target or not run: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
