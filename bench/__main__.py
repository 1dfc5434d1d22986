"""``python -m bench [name ...]``: run the benchmark modules, print a table, write JSON.

The harness gives every run a throw-away data directory with its own SQLite database, whatever
SSJ_DATA_DIR or DATABASE_URL say, so a benchmark never touches real data.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "var" / "bench" / "results.json"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(rows: list[dict[str, object]]) -> str:
    columns = ["name", "value", "unit", "peer", "peer_value", "ratio"]
    cells = [columns] + [[str(row[c]) for c in columns] for row in rows]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(columns))]
    lines = []
    for index, r in enumerate(cells):
        lines.append("  ".join(c + " " * (w - _width(c)) for c, w in zip(r, widths, strict=True)))
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def discover() -> list[str]:
    import bench

    return sorted(
        m.name for m in pkgutil.iter_modules(bench.__path__) if not m.name.startswith("_")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", help="benchmark modules to run (default: all)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)

    available = discover()
    unknown = sorted(set(args.names) - set(available))
    if unknown:
        parser.error(
            f"unknown benchmark(s) {', '.join(unknown)}; available: {', '.join(available)}"
        )

    with tempfile.TemporaryDirectory(prefix="ssj-bench-") as data_dir:
        os.environ["SSJ_DATA_DIR"] = data_dir
        os.environ.pop("DATABASE_URL", None)
        os.environ["DJANGO_SETTINGS_MODULE"] = "shuangsuiji.config.settings"
        os.environ.setdefault("SSJ_LOG_LEVEL", "WARNING")
        import django

        django.setup()
        from django.db import connections

        results = []
        for name in args.names or available:
            module = importlib.import_module(f"bench.{name}")
            print(f"running {name} …", file=sys.stderr, flush=True)
            results.extend(module.run())
        connections.close_all()

    rows = [r.as_dict() for r in results]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(table(rows))
    print(f"\nwritten to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
