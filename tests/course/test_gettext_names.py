"""`_` is the translation function (utils.i18n): a function that calls `_()` must never also bind
`_` as a local name (`for _, row in ...`, `a, _ = ...`), or the call fails with UnboundLocalError
at run time (found once in utils/checks.py after the Chinese edition landed)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


_OWN_SCOPE = (
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
    ast.Lambda,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
)


def _binds_underscore(fn: ast.AST) -> bool:
    """True if the function's own scope binds `_` (comprehensions and nested functions have
    scopes of their own, so a `_` bound there does not shadow the function's)."""
    todo = list(ast.iter_child_nodes(fn))
    while todo:
        node = todo.pop()
        if isinstance(node, _OWN_SCOPE):
            continue
        if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
            return True
        todo.extend(ast.iter_child_nodes(node))
    return False


def _calls_underscore(fn: ast.AST) -> bool:
    return any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_" for n in ast.walk(fn)
    )


def test_no_function_shadows_the_translation_function():
    problems = []
    for path in sorted((ROOT / "utils").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                # nested functions are walked on their own; look at this body only
                if _calls_underscore(fn) and _binds_underscore(fn):
                    problems.append(f"{path.relative_to(ROOT)}:{fn.lineno} {fn.name}")
    assert not problems, "functions that call _() and also assign to `_`: " + ", ".join(problems)


def test_the_check_catches_a_shadowed_underscore():
    bad = ast.parse("def f(x):\n    a, _ = x\n    return _('text')\n").body[0]
    good = ast.parse("def f(x):\n    a, _b = x\n    return _('text')\n").body[0]
    comprehension = ast.parse("def f(x):\n    y = [a for a, _ in x]\n    return _('text')\n").body[0]
    assert _calls_underscore(bad) and _binds_underscore(bad)
    assert not _binds_underscore(good)
    assert not _binds_underscore(comprehension)  # a comprehension has its own scope
