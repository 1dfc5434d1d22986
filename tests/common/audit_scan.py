"""Find every audit action name the code can write, by reading the source (no import, no run).

An action reaches ``audit_record(action=...)`` as a string literal, a conditional between
literals, a local variable assigned such values, a value of a module-level dict of literals, or
a parameter of a wrapper (``_audit``, ``_transition``, ``task_transition``...) whose callers pass
one of those. Wrappers are followed to their callers, across modules for public names and
within their module for ``_private`` ones; a caller that leaves the argument out gets the
parameter's default. Anything else (an f-string, a call...) is reported as unresolved, so a
name the scan cannot read fails the test instead of slipping past it.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

WRITE = "audit_record"


@dataclass
class Module:
    path: str
    tree: ast.Module
    dicts: dict[str, list[ast.expr]] = field(default_factory=dict)
    parents: dict[ast.AST, ast.FunctionDef | ast.AsyncFunctionDef | None] = field(
        default_factory=dict
    )


@dataclass
class Scan:
    actions: dict[str, list[str]]  # action → "path:line" of the literal
    unresolved: list[str]  # "path:line: expression" the scan could not read
    write_calls: list[str]  # "path:line" of every audit_record call


@dataclass(frozen=True)
class Target:
    """A function whose ``param`` flows into an audit action."""

    name: str
    param: str
    index: int | None  # position among positional parameters, None if keyword-only
    default: ast.expr | None
    module: str | None  # set for a _private function: only its own module calls it
    definition: str | None  # module of the definition, where a default is resolved


def _load(root: Path) -> dict[str, Module]:
    modules = {}
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        rel = str(path.relative_to(root.parent))
        module = Module(rel, ast.parse(path.read_text("utf-8"), filename=rel))
        for node in module.tree.body:
            if (
                isinstance(node, ast.Assign | ast.AnnAssign)
                and isinstance(node.value, ast.Dict)
                and all(isinstance(v, ast.Constant) for v in node.value.values)
            ):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    if isinstance(t, ast.Name):
                        module.dicts[t.id] = [v for v in node.value.values if v is not None]
        _index_parents(module.tree, None, module.parents)
        modules[rel] = module
    return modules


def _index_parents(
    node: ast.AST,
    func: ast.FunctionDef | ast.AsyncFunctionDef | None,
    out: dict[ast.AST, ast.FunctionDef | ast.AsyncFunctionDef | None],
) -> None:
    for child in ast.iter_child_nodes(node):
        out[child] = func
        inner = child if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else func
        _index_parents(child, inner, out)


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _param(func: ast.FunctionDef | ast.AsyncFunctionDef, name: str, module: str) -> Target | None:
    args = func.args
    positional = [*args.posonlyargs, *args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
    defaults += list(args.defaults)
    for i, a in enumerate(positional):
        if a.arg == name:
            return _target(func, name, i, defaults[i], module)
    for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        if a.arg == name:
            return _target(func, name, None, d, module)
    return None


def _target(
    func: ast.FunctionDef | ast.AsyncFunctionDef,
    name: str,
    index: int | None,
    default: ast.expr | None,
    module: str,
) -> Target:
    private = func.name.startswith("_")
    return Target(func.name, name, index, default, module if private else None, module)


def scan(root: Path) -> Scan:
    modules = _load(root)
    actions: dict[str, list[str]] = defaultdict(list)
    unresolved: list[str] = []
    write_calls: list[str] = []
    seen: set[Target] = set()
    queue = [Target(WRITE, "action", None, None, None, None)]

    def resolve(expr: ast.expr, module: Module, where: int) -> None:
        func = module.parents.get(expr)
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            actions[expr.value].append(f"{module.path}:{expr.lineno}")
        elif isinstance(expr, ast.IfExp):
            resolve(expr.body, module, where)
            resolve(expr.orelse, module, where)
        elif (
            isinstance(expr, ast.Subscript)
            and isinstance(expr.value, ast.Name)
            and expr.value.id in module.dicts
        ):
            for value in module.dicts[expr.value.id]:
                resolve(value, module, where)
        elif isinstance(expr, ast.Name) and func is not None:
            param = _param(func, expr.id, module.path)
            if param is not None:
                if param not in seen:
                    seen.add(param)
                    queue.append(param)
                return
            assigned = [
                node.value
                for node in ast.walk(func)
                if isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == expr.id for t in node.targets)
            ]
            if not assigned:
                unresolved.append(f"{module.path}:{where}: {ast.unparse(expr)}")
            for value in assigned:
                resolve(value, module, where)
        else:
            unresolved.append(f"{module.path}:{where}: {ast.unparse(expr)}")

    while queue:
        target = queue.pop()
        for module in modules.values():
            if target.module is not None and module.path != target.module:
                continue
            for call in ast.walk(module.tree):
                if not isinstance(call, ast.Call) or _callee(call) != target.name:
                    continue
                if target.name == WRITE:
                    write_calls.append(f"{module.path}:{call.lineno}")
                arg = next((k.value for k in call.keywords if k.arg == target.param), None)
                if arg is None and target.index is not None and target.index < len(call.args):
                    arg = call.args[target.index]
                if arg is None and target.default is not None and target.definition:
                    resolve(target.default, modules[target.definition], call.lineno)
                elif arg is None:
                    unresolved.append(f"{module.path}:{call.lineno}: {target.param} not given")
                else:
                    resolve(arg, module, call.lineno)
    return Scan(dict(actions), unresolved, write_calls)
