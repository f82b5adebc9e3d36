"""The layers of the package: each imports only from the layers below it (README, Architecture)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

SOURCE = ROOT / "src" / "mercalc"

# From the bottom up; a module's layer is its folder, or `base` for the shared modules. The
# library API (`mercalc`, its __init__) sits above the views: the command line is its client.
LAYERS = ("base", "io", "books", "views", "library", "cli")
ENTRY = {"__main__"}  # the command's entry point sits on top

# What each layer must never import, besides the layers above it.
PRESENTATION = {"typer", "click", "rich", "jinja2", "openpyxl", "weasyprint"}
FORBIDDEN = {
    "base": PRESENTATION | {"pydantic"},
    # reading a ledger export from a workbook is reading a file: openpyxl is io's there
    "io": PRESENTATION - {"openpyxl"} | {"pydantic"},
    "books": PRESENTATION,
    "views": {"typer", "click"},
    "library": PRESENTATION,
    "cli": set(),
}


def layer_of(module: str) -> str | None:
    """`mercalc.books.budget` → "books"; `mercalc.numbers` → "base"; the entry modules: None."""
    parts = module.split(".")[1:]
    if not parts or parts == ["__init__"]:
        return "library"
    if parts[0] in ENTRY:
        return None
    return parts[0] if parts[0] in LAYERS else "base"


def imports(path: Path, root: Path = SOURCE) -> set[str]:
    """Every module a source file imports, relative imports made absolute."""
    package = ["mercalc", *path.relative_to(root).parent.parts]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if not node.level:
                found.add(str(node.module))
                continue
            base = ".".join(package[: len(package) - node.level + 1])
            if node.module:
                found.add(f"{base}.{node.module}")
            else:  # `from .. import x`: x may be a module of that package
                found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def wrong_imports(root: Path) -> list[str]:
    """Each import of a layer from a layer above it, or of what the layer must not use."""
    wrong = []
    for path in sorted(root.rglob("*.py")):
        name = ".".join(["mercalc", *path.relative_to(root).with_suffix("").parts])
        own = layer_of(name)
        if own is None:
            continue
        for target in sorted(imports(path, root)):
            top = target.split(".")[0]
            if top != "mercalc":
                if top in FORBIDDEN[own]:
                    wrong.append(f"{name} ({own}) imports {target}")
                continue
            layer = layer_of(target)
            if target == "mercalc.__version__":
                continue  # the version number, not the library API
            if layer is None or LAYERS.index(layer) > LAYERS.index(own):
                wrong.append(f"{name} ({own}) imports {target} ({layer or 'entry'})")
    return wrong


def test_imports_go_only_downward():
    assert wrong_imports(SOURCE) == []


def test_the_check_finds_an_upward_import_and_a_presentation_library(tmp_path: Path):
    for folder, text in (
        ("books", "from ..views.table import Report\nimport rich\nfrom ..numbers import plain\n"),
        ("views", "from ..cli import common\nfrom . import table\nfrom ..books import budget\n"),
        ("io", "from .. import swedish\nimport jinja2\n"),
    ):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "module.py").write_text(text, encoding="utf-8")
    assert wrong_imports(tmp_path) == [
        "mercalc.books.module (books) imports mercalc.views.table (views)",
        "mercalc.books.module (books) imports rich",
        "mercalc.io.module (io) imports jinja2",
        "mercalc.views.module (views) imports mercalc.cli (cli)",
    ]


def test_no_test_module_imports_another():
    """Shared test data lives in conftest.py or seed.py, never in a test module."""
    tests = ROOT / "tests"
    for path in sorted(tests.glob("*.py")):
        found = imports(path, tests)
        assert not [name for name in found if name.split(".")[0].startswith("test_")], path.name


def test_no_function_is_over_sixty_lines():
    """A function that does one thing fits on a screen (a command's signature included)."""
    long = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > 60:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}: {length}")
    assert long == []


def module_graph(root: Path) -> dict[str, set[str]]:
    """Each module of the package and the modules of the package it imports, wherever the
    import stands (in a function, or for the type checker only)."""
    names = {
        ".".join(["mercalc", *path.relative_to(root).with_suffix("").parts]).removesuffix(
            ".__init__"
        ): path
        for path in root.rglob("*.py")
    }
    return {
        name: {target for target in imports(path, root) if target in names and target != name}
        for name, path in names.items()
    }


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The modules that import each other, directly or round a circle (strongly connected
    components of more than one module), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in sorted(graph[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = stack[stack.index(module) :]
            del stack[stack.index(module) :]
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return sorted(found)


def test_no_module_imports_another_that_imports_it_back():
    assert circles(module_graph(SOURCE)) == []


def test_the_check_finds_a_circle_through_an_import_in_a_function(tmp_path: Path):
    (tmp_path / "books").mkdir()
    (tmp_path / "books" / "one.py").write_text("from . import two\n", encoding="utf-8")
    (tmp_path / "books" / "two.py").write_text(
        "def f():\n    from .three import x\n", encoding="utf-8"
    )
    (tmp_path / "books" / "three.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .one import y\n",
        encoding="utf-8",
    )
    (tmp_path / "books" / "four.py").write_text("from .one import z\n", encoding="utf-8")
    assert circles(module_graph(tmp_path)) == [
        ["mercalc.books.one", "mercalc.books.three", "mercalc.books.two"]
    ]


# Imports inside functions hide the graph; they stand only where a start-up path needs them.
# The heavy optional libraries are imported where they are used, everywhere.
HEAVY = {"openpyxl", "jinja2", "weasyprint"}
# (importing module, imported module; `*` matches any rest of a name) and why it waits.
DEFERRED = {
    ("mercalc", "*"): "the package imports nothing at start-up, so that the entry point can "
    "answer Ctrl-C from the first moment: each library function loads what it uses",
    ("mercalc.__main__", "*"): "--version and --help are answered before Typer's import "
    "(~60 ms), and the interrupts are taken before anything else",
    ("mercalc.cli", "importlib"): "the command modules are loaded by name",
    ("mercalc.cli.*", "mercalc.*"): "every command module is imported on every run to register "
    "its command: a command's calculations and drawings load only when it runs (budget's "
    "start-up)",
    ("mercalc.cli.*", "rich.*"): "Rich (~30 ms) only for a progress bar on a terminal",
    ("mercalc.cli.*", "difflib"): "did-you-mean only for a misspelt name",
    ("mercalc.cli.budget", "*"): "the SIE writer only for budget --format sie",
    ("mercalc.cli.common", "shutil"): "the terminal's size only where a table is drawn for it",
    ("mercalc.views.render", "mercalc.views.richtable"): "Rich's import (~30 ms) only for a "
    "colour terminal",
    ("mercalc.views.render", "mercalc.views.jsontext"): "json only where json is written",
    ("mercalc.views.xlsx", "mercalc.views.document"): "the document's workbook only for report",
    ("mercalc.views.period", "mercalc.views.document"): "the document only for report --period",
    ("mercalc.views.pdf", "*"): "WeasyPrint's logging and the PDF's identifier only for a PDF",
    ("mercalc.io.*", "*"): "file formats (csv, zip, SIE, TOML editing with tomlkit ~15 ms, a "
    "TOML error's position) are read only where a file of that kind is",
    ("mercalc.i18n", "*"): "the catalogue is read, or compiled, only for a Swedish user",
    ("mercalc.interrupts", "warnings"): "only where an interrupt comes twice",
    ("mercalc.numbers", "re"): "a number written as text is read only on that path",
    ("mercalc.problems", "re"): "only where a problem is shown",
    ("mercalc.books.loader", "*"): "a file's key lines and pydantic's messages only where a "
    "file has problems",
    ("mercalc.books.rules", "mercalc.books.planyears"): "the plan years only where a plan "
    "gives every contribution for them (not the seed's budget)",
    ("mercalc.books.rollforward", "*"): "new's file writing and its messages only for new",
    ("mercalc.books.balance", "*"): "balance's in-place edit only for balance",
    ("mercalc.books.revisions", "difflib"): "did-you-mean only for a misspelt status",
    ("mercalc.books.followup", "mercalc.books.ledger"): "the ledger's objects only for the "
    "follow-up",
    ("mercalc.books.period", "mercalc.books.ledger"): "the ledger's objects only for a period",
    ("mercalc.books.ledgerbudget", "mercalc.books.capital"): "only for budget --format sie",
}


def function_imports(path: Path, root: Path = SOURCE) -> list[tuple[str, int]]:
    """The modules imported inside a function (outside `if TYPE_CHECKING:`), with the line."""
    package = ["mercalc", *path.relative_to(root).parent.parts]
    found = []
    for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import):
                found += [(alias.name, node.lineno) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = ".".join(package[: len(package) - node.level + 1]) if node.level else ""
                name = ".".join(part for part in (base, node.module or "") if part)
                found.append((name, node.lineno))
    return sorted(set(found), key=lambda item: item[1])


def deferred_without_reason(root: Path) -> list[str]:
    """Each import inside a function that is neither of a heavy library nor listed above."""
    from fnmatch import fnmatchcase

    wrong = []
    for path in sorted(root.rglob("*.py")):
        name = ".".join(["mercalc", *path.relative_to(root).with_suffix("").parts])
        name = name.removesuffix(".__init__")
        for target, line in function_imports(path, root):
            if target.split(".")[0] in HEAVY:
                continue
            if not any(
                fnmatchcase(name, importer) and fnmatchcase(target, imported)
                for importer, imported in DEFERRED
            ):
                wrong.append(f"{name}:{line} imports {target} inside a function")
    return wrong


def test_imports_inside_functions_only_where_start_up_needs_them():
    assert deferred_without_reason(SOURCE) == []


def test_the_check_finds_an_import_inside_a_function(tmp_path: Path):
    (tmp_path / "books").mkdir()
    (tmp_path / "books" / "budget.py").write_text(
        "def f():\n    from .model import Plan\n    import openpyxl\n", encoding="utf-8"
    )
    assert deferred_without_reason(tmp_path) == [
        "mercalc.books.budget:2 imports mercalc.books.model inside a function"
    ]


# The functions of books/ each view may call (`*` matches any rest of a name), and why: the
# statements it draws, and what finds its way in them. Every other figure a view shows it reads
# from a statement's fields (a rule lives in one function of books/), so a view that imports
# any other function of books/, or a module of books/ whole, re-derives what a statement
# should give it.
VIEW_CALLS = {
    ("mercalc.views.document", "mercalc.books.budget.budget_statement"): "the budget statement",
    ("mercalc.views.newplan", "mercalc.books.budget.budget_statement"): "the new plan's budget "
    "statement, for its notes",
    ("mercalc.views.document", "mercalc.books.capital.capital_statement"): "the investment budget",
    ("mercalc.views.document", "mercalc.books.capital.schedule_statement"): "the capital costs "
    "by year",
    ("mercalc.views.document", "mercalc.books.goals.goals_statement"): "the goals statement",
    ("mercalc.views.document", "mercalc.books.goals.with_outcomes_of"): "the plan the goals "
    "statement is drawn from, with the outcomes its books give",
    ("mercalc.views.document", "mercalc.books.memberstatement.members_statement"): "the "
    "members statement",
    ("mercalc.views.document", "mercalc.books.planyears.books_plan_years"): "the plan years",
    ("mercalc.views.memberpage", "mercalc.books.memberbasis.member_basis"): "a member's basis, "
    "the page's one statement",
    ("mercalc.views.*", "mercalc.books.model.folded"): "names compared as the books compare them",
    ("mercalc.views.newplan", "mercalc.books.model.fields_of"): "a record's fields, to write a "
    "new plan's file",
    ("mercalc.views.assumptions", "mercalc.books.capital.unregistered"): "the unregistered "
    "capital costs the plan gives for a year, read as written",
    ("mercalc.views.followup", "mercalc.books.followup.units_differ"): "whether the outcomes' "
    "unit looks wrong, for a note",
    ("mercalc.views.newplan", "mercalc.books.rollforward.carried_unchanged"): "what a new plan "
    "carried unchanged, for a note",
}
# The arithmetic of money a view that only reads statements never needs, and the views that
# still use it, with what they add up.
SUMS = {"mercalc.numbers.exact_sum", "mercalc.numbers.largest_remainder"}
VIEWS_THAT_SUM = {
    "mercalc.views.document": "the document's sentences and the investment plan add up figures "
    "of the budget and capital statements",
}


def imported_names(path: Path, root: Path = SOURCE) -> list[tuple[str, int]]:
    """Each name a source file imports from the package, as `module.name`, with its line; a
    module imported whole is its own name."""
    package = ["mercalc", *path.relative_to(root).parent.parts]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1]) if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            found += [(f"{module}.{alias.name}", node.lineno) for alias in node.names]
    return [(name, line) for name, line in found if name.split(".")[0] == "mercalc"]


def view_calculations(root: Path) -> list[str]:
    """Each function of books/ (or module of books/ whole) a view imports that VIEW_CALLS does
    not list for it, and each sum of money a view not in VIEWS_THAT_SUM imports."""
    import importlib
    import inspect
    from fnmatch import fnmatchcase

    wrong = []
    for path in sorted((root / "views").rglob("*.py")):
        view = ".".join(["mercalc", *path.relative_to(root).with_suffix("").parts])
        for name, line in imported_names(path, root):
            module, _, attribute = name.rpartition(".")
            if name in SUMS and view not in VIEWS_THAT_SUM:
                wrong.append(f"{view}:{line} adds up money ({attribute}): read the statement")
            if not name.startswith("mercalc.books.") or any(
                fnmatchcase(view, caller) and name == called for caller, called in VIEW_CALLS
            ):
                continue
            try:
                found = getattr(importlib.import_module(module), attribute)
            except (ImportError, AttributeError):
                found = importlib.import_module(name)  # a module of books/ whole
            if inspect.ismodule(found) or inspect.isroutine(found):
                wrong.append(f"{view}:{line} calls {name}: read the statement instead")
    return wrong


def test_views_read_statements_rather_than_calculate():
    assert view_calculations(SOURCE) == []


def test_the_check_finds_a_view_that_calculates(tmp_path: Path):
    (tmp_path / "views").mkdir()
    (tmp_path / "views" / "page.py").write_text(
        "from ..books.capital import CapitalStatement, capital_cost_of\n"
        "from ..books.memberbasis import MemberBasis, member_basis\n"
        "from ..books.memberstatement import members_statement\n"
        "from ..books import planyears\n"
        "from ..numbers import as_decimal, exact_sum\n",
        encoding="utf-8",
    )
    assert view_calculations(tmp_path) == [
        "mercalc.views.page:1 calls mercalc.books.capital.capital_cost_of: read the statement "
        "instead",
        "mercalc.views.page:2 calls mercalc.books.memberbasis.member_basis: read the statement "
        "instead",
        "mercalc.views.page:3 calls mercalc.books.memberstatement.members_statement: read the "
        "statement instead",
        "mercalc.views.page:4 calls mercalc.books.planyears: read the statement instead",
        "mercalc.views.page:5 adds up money (exact_sum): read the statement",
    ]


# Typer and Click are used through their public API alone: Typer carries its own Click as a
# private module, and a private name (or a module patched from outside) may change in any release.
WRAPPED = {"typer", "click"}


def private(name: str) -> bool:
    """`typer._click`, `typer.core._`: a part of the name starts with `_` (but not `__x__`)."""
    return any(
        part.startswith("_") and not (part.startswith("__") and part.endswith("__"))
        for part in name.split(".")
    )


def wrapped_aliases(tree: ast.AST) -> dict[str, str]:
    """Each local name bound to Typer, Click or a name of theirs: `core` → `typer.core`."""
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                if top in WRAPPED:
                    aliases[alias.asname or top] = alias.name if alias.asname else top
        elif isinstance(node, ast.ImportFrom) and wrapped_module(node):
            for alias in node.names:
                aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    for node in ast.walk(tree):  # `patch = typer.core`
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], wrapped_name(node.value, aliases)
            if isinstance(target, ast.Name) and value:
                aliases[target.id] = value
    return aliases


def wrapped_module(node: ast.ImportFrom) -> bool:
    """`from typer... import x` (never a module of the package's own)."""
    return not node.level and str(node.module).split(".")[0] in WRAPPED


def wrapped_name(node: ast.AST, aliases: dict[str, str]) -> str | None:
    """The name of Typer's or Click's that an expression stands for: `core._` → `typer.core._`."""
    if isinstance(node, ast.Name):
        return aliases.get(node.id)
    if isinstance(node, ast.Attribute):
        base = wrapped_name(node.value, aliases)
        return f"{base}.{node.attr}" if base else None
    return None


def assigned(node: ast.AST) -> list[ast.expr]:
    """What a statement assigns to or deletes, tuples unpacked."""
    if isinstance(node, ast.Assign | ast.Delete):
        targets = list(node.targets)
    elif isinstance(node, ast.AugAssign | ast.AnnAssign):
        targets = [node.target]
    else:
        return []
    while any(isinstance(target, ast.Tuple | ast.List) for target in targets):
        targets = [
            part
            for target in targets
            for part in (target.elts if isinstance(target, ast.Tuple | ast.List) else [target])
        ]
    return targets


def private_wrapped_uses(path: Path) -> list[tuple[int, str]]:
    """Each import or use of a private name of Typer's or Click's in a source file, and each
    assignment into their modules and classes, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases = wrapped_aliases(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names if alias.name.split(".")[0] in WRAPPED]
            found += [(node.lineno, name) for name in names if private(name)]
        elif isinstance(node, ast.ImportFrom) and wrapped_module(node):
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            found += [(node.lineno, name) for name in names if private(name)]
        elif isinstance(node, ast.Attribute) and private(node.attr):
            name = wrapped_name(node, aliases)
            found += [(node.lineno, name)] if name else []
        elif isinstance(node, ast.Call):
            found += patched_by_call(node, aliases)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            named = re.fullmatch(r"(?:typer|click)(?:\.\w+)+", node.value)
            found += [(node.lineno, node.value)] if named and private(node.value) else []
        for target in assigned(node):
            base = isinstance(target, ast.Attribute) and wrapped_name(target.value, aliases)
            found += [(node.lineno, f"assigns into {base}")] if base else []
    return sorted(set(found))


def patched_by_call(call: ast.Call, aliases: dict[str, str]) -> list[tuple[int, str]]:
    """`setattr(typer.core, ...)`, `getattr(typer, "_click")`."""
    function = call.func.id if isinstance(call.func, ast.Name) else ""
    base = wrapped_name(call.args[0], aliases) if call.args else None
    if not base or function not in ("setattr", "delattr", "getattr", "hasattr"):
        return []
    if function in ("setattr", "delattr"):
        return [(call.lineno, f"assigns into {base}")]
    name = call.args[1] if len(call.args) > 1 else None
    attribute = name.value if isinstance(name, ast.Constant) else ""
    return [(call.lineno, f"{base}.{attribute}")] if private(str(attribute)) else []


def private_wrapped_names(root: Path) -> list[str]:
    """`FILE:LINE: name` for each private name of Typer's or Click's the package uses."""
    return [
        f"{path.relative_to(root)}:{line}: {name}"
        for path in sorted(root.rglob("*.py"))
        for line, name in private_wrapped_uses(path)
    ]


def test_only_the_public_api_of_typer_and_click():
    assert private_wrapped_names(SOURCE) == []


def test_the_check_finds_private_names_of_typer_and_click_and_patches(tmp_path: Path):
    (tmp_path / "cli").mkdir()
    (tmp_path / "cli" / "private.py").write_text(
        "import importlib\nimport click._compat\nimport typer\n"
        "from typer import _click as click\nfrom typer import core\n"
        "from typer._click.exceptions import UsageError\nfrom typer.core import _\n"
        "core._ = _\nsetattr(typer.core, 'x', 1)\npatch = typer.models\npatch.Context = None\n"
        "typer.core._TyperParameter\ngetattr(typer, '_click')\n"
        "importlib.import_module('typer._click')\n",
        encoding="utf-8",
    )
    (tmp_path / "cli" / "public.py").write_text(
        "import _signal\nimport typer\nfrom typer.core import TyperCommand\n"
        "from typer.models import ParameterInfo\n\nfrom ..i18n import _\n\n\n"
        "class Command(TyperCommand):\n"
        "    context_class = typer.Context\n\n\n"
        "def f(info: ParameterInfo, param):\n    info.readable = False\n    param.help = _('x')\n"
        "    raise typer.Exit(typer.__version__ == '0')\n",
        encoding="utf-8",
    )
    assert private_wrapped_names(tmp_path) == [
        "cli/private.py:2: click._compat",
        "cli/private.py:4: typer._click",
        "cli/private.py:6: typer._click.exceptions.UsageError",
        "cli/private.py:7: typer.core._",
        "cli/private.py:8: assigns into typer.core",
        "cli/private.py:8: typer.core._",
        "cli/private.py:9: assigns into typer.core",
        "cli/private.py:11: assigns into typer.models",
        "cli/private.py:12: typer.core._TyperParameter",
        "cli/private.py:13: typer._click",
        "cli/private.py:14: typer._click",
    ]
