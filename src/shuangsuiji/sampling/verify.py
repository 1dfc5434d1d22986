"""Verify draw records from a file: ``shuangsuiji verify-draw FILE`` or ``python -m …verify``.

No database and no Django: anyone holding a published record can run this.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from .record import verify_record


class Writer(Protocol):
    def write(self, text: str) -> Any: ...


def load_records(path: Path) -> list[Any]:
    """A file holds one record (an object) or a list of them, as `export draws` writes."""
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    return data if isinstance(data, list) else [data]


def verify_file(path: Path, out: Writer, err: Writer) -> int:
    """Print one line per record (and one per problem); 0 when every record verifies."""
    try:
        records = load_records(path)
    except FileNotFoundError:
        err.write(f"文件不存在：{path}\n")
        return 2
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        err.write(f"不是有效的 JSON 文件：{exc}\n")
        return 2
    if not records:
        err.write("文件中没有抽取记录\n")
        return 2
    failed = 0
    for index, item in enumerate(records, start=1):
        if not isinstance(item, dict):
            err.write(f"第{index}条：不是抽取记录（应为 JSON 对象）\n")
            failed += 1
            continue
        result = verify_record(item)
        stream = out if result.ok else err
        stream.write(f"第{index}条 {result.summary}\n")
        for problem in result.problems:
            stream.write(f"  - {problem}\n")
        failed += 0 if result.ok else 1
    total = len(records)
    if failed:
        err.write(f"共 {total} 条记录，{failed} 条核验不通过\n")
        return 1
    out.write(f"共 {total} 条记录，全部核验通过\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        sys.stderr.write("用法：python -m shuangsuiji.sampling.verify 抽取记录.json\n")
        return 2
    return verify_file(Path(args[0]), sys.stdout, sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
