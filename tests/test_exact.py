"""Exact everywhere: no float and no division of ints in the arithmetic, and the amounts near the
bound that a float got one unit wrong."""

from __future__ import annotations

import ast
import math
import tomllib
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from conftest import ROOT, run

from mercalc.books.rollforward import indexed

SOURCE = ROOT / "src" / "mercalc"
# The modules that compute money: every `/` there must have an exact operand.
ARITHMETIC = [
    SOURCE / "numbers.py",
    SOURCE / "swedish.py",
    SOURCE / "views" / "charts.py",
    *sorted((SOURCE / "books").glob("*.py")),
]

EXACT_TYPES = {"Fraction", "Decimal"}
INEXACT_TYPES = {"int", "Number", "float", "Any", "object"}
EXACT_HELPERS = {"round_half_up"}  # always a Decimal


def exact_annotation(annotation: ast.expr | None) -> bool:
    """`Fraction`, `Decimal | None`: exact; `Number` (int or Decimal) or `int`: not."""
    if annotation is None:
        return False
    words = {n.id for n in ast.walk(annotation) if isinstance(n, ast.Name)}
    words |= {n.value for n in ast.walk(annotation) if isinstance(n, ast.Constant)} - {None}
    return bool(words & EXACT_TYPES) and not words & INEXACT_TYPES


class Scope:
    """The names known to hold a Fraction or a Decimal, and the calls known to give one."""

    def __init__(self, names: set[str], calls: set[str]):
        self.names, self.calls = set(names), set(calls)

    def exact(self, node: ast.expr) -> bool:
        match node:
            case ast.Call(func=ast.Name(id="sum"), args=[_, start]):
                return self.exact(start)  # sum(..., Fraction(0))
            case ast.Call(func=ast.Name(id=name)):
                return name in self.calls
            case ast.Call(func=ast.Attribute(value=value)):
                return self.exact(value)  # Decimal(x).scaleb(...)
            case ast.Name(id=name):
                return name in self.names
            case ast.BinOp(op=ast.Add() | ast.Sub() | ast.Mult() | ast.Div(), left=l, right=r):
                return self.exact(l) or self.exact(r)
            case ast.UnaryOp(operand=operand):
                return self.exact(operand)
            case ast.IfExp(body=body, orelse=orelse):
                return self.exact(body) and self.exact(orelse)
        return False

    def learn(self, nodes: list[ast.AST]) -> None:
        """Names assigned an exact value or annotated as one, until nothing more is learnt."""
        changed = True
        while changed:
            changed = False
            for node in nodes:
                if isinstance(node, ast.Assign):
                    bound = [
                        (t.id, node.value, None) for t in node.targets if isinstance(t, ast.Name)
                    ]
                elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                    bound = [(node.target.id, node.value, node.annotation)]
                else:
                    continue
                for name, value, annotation in bound:
                    exact = exact_annotation(annotation) or (
                        value is not None and self.exact(value)
                    )
                    if name not in self.names and exact:
                        self.names.add(name)
                        changed = True


def _own_nodes(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.AST]:
    """The nodes of a function's body, without those of the functions defined in it."""
    nodes, stack = [], list(function.body)
    while stack:
        node = stack.pop()
        nodes.append(node)
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))
    return nodes


def inexact_divisions(source: str) -> list[int]:
    """The lines with a `/` of which neither side is visibly a Fraction or a Decimal."""
    tree = ast.parse(source)
    calls = EXACT_TYPES | EXACT_HELPERS
    functions = [
        n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
    ]
    calls |= {f.name for f in functions if exact_annotation(f.returns)}
    module = Scope(set(), calls)
    module.learn(list(tree.body))
    found = []
    for function in functions:
        scope = Scope(module.names, module.calls)
        arguments = function.args
        for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
            if exact_annotation(argument.annotation):
                scope.names.add(argument.arg)
        nodes = _own_nodes(function)
        scope.learn(nodes)
        found += [
            node.lineno
            for node in nodes
            if isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Div)
            and not (scope.exact(node.left) or scope.exact(node.right))
        ]
    return sorted(found)


def test_no_float_literal_below_the_command_line_and_no_float_or_round_in_the_arithmetic():
    # the command line may time a progress bar in seconds; money never meets a float literal
    for path in set(SOURCE.rglob("*.py")) - set((SOURCE / "cli").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            assert not (isinstance(node, ast.Constant) and isinstance(node.value, float)), path
            # round() is banker's rounding; only the ledger reader meets floats (a workbook's)
            if path in ARITHMETIC:
                assert not (isinstance(node, ast.Name) and node.id in ("float", "round")), path


def test_no_division_of_ints_in_the_arithmetic_modules():
    for path in ARITHMETIC:
        lines = inexact_divisions(path.read_text(encoding="utf-8"))
        assert lines == [], f"{path.relative_to(ROOT)}: `/` without a Fraction or Decimal: {lines}"


def test_the_check_finds_a_division_of_ints():
    old_spread = (
        "def spread(amounts: list[Number], delta: Number) -> list[Number]:\n"
        "    base = sum(amounts, 0)\n"
        "    return [int(round_half_up(delta * amount / base)) for amount in amounts]\n"
    )
    assert inexact_divisions(old_spread) == [3]
    for inexact in ("1 / 3", "len(items) / 2", "sum(values) / len(values)", "a * b / c"):
        assert inexact_divisions(f"def f(a: int, b, c, items, values):\n    return {inexact}\n")
    for exact in (
        "Fraction(delta) * amount / base",
        "share / len(amounts)",
        "Decimal(1) / 3",
        "total / 12",
        "sum(parts, Fraction(0)) / 2",
    ):
        code = (
            "def f(delta, amount, base, amounts, parts, total: Decimal):\n"
            "    share = Fraction(delta)\n"
            f"    return {exact}\n"
        )
        assert inexact_divisions(code) == [], exact


def largest_remainder_shares(total: int, weights: list[int]) -> list[int]:
    """SPEC 7, written out again: floor each exact share, the missing units to the largest
    remainders, ties in file order."""
    exact = [Fraction(total) * weight / sum(weights) for weight in weights]
    shares = [math.floor(share) for share in exact]
    order = sorted(range(len(exact)), key=lambda i: (shares[i] - exact[i], i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


def test_contributions_near_the_bound_are_the_largest_remainder_shares(tmp_path: Path):
    members = {"Lekeberg": 76853114575, "Laxå": 134328349789, "Askersund": 356305901368}
    costs = sum(members.values())
    lines = [f'[[contribution]]\nname = "{n}"\nbudget = {b}\n' for n, b in members.items()]
    plan = tmp_path / "2023.toml"
    plan.write_text(
        '[plan]\norganisation = "N"\nyear = 2023\n\n'
        + "\n".join(lines)
        + f'\n[[cost]]\nname = "Drift"\nbudget = {costs}\n',
        encoding="utf-8",
    )
    result = run("new", "--from", plan, "--year", "2024", "--index-all", "50")
    assert (result.exit_code, result.stderr) == (0, "")
    new = tomllib.loads((tmp_path / "2024.toml").read_text(encoding="utf-8"))
    raised = math.floor(Fraction(costs) * Fraction(3, 2) + Fraction(1, 2))  # half up
    assert [line["budget"] for line in new["cost"]] == [raised]
    expected = largest_remainder_shares(raised, list(members.values()))
    assert [line["budget"] for line in new["contribution"]] == expected
    # a float in the arithmetic gave Laxå one unit more and Askersund one less
    assert expected == [115279671863, 201492524683, 534458852052]


def test_an_indexed_amount_is_rounded_from_its_exact_value():
    # 1 × 1.4999…9 (31 digits) is below a half: 28 significant digits would make it 1.5 → 2
    assert indexed(1, Decimal("49.99999999999999999999999999999")) == 1
    assert indexed(1, Decimal(50)) == 2
