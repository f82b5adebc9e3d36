"""`mercalc balance`: the capital line, then the contributions, edited in place (SPEC 5.6)."""

from __future__ import annotations

import difflib
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import tomli_w
from conftest import DATA, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mercalc.books.balance import CannotBalance, balanced_text, balancing
from mercalc.books.budget import result
from mercalc.books.loader import load

BOOKS = Path(__file__).resolve().parent / "books"


def changed_lines(before: str, after: str) -> list[str]:
    """The lines of a unified diff that differ, without the headers."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def seed_copy(tmp_path: Path, old: str, new: str) -> Path:
    plan = tmp_path / "2023.toml"
    text = (DATA / "2023.toml").read_text(encoding="utf-8")
    assert old in text
    plan.write_text(text.replace(old, new, 1), encoding="utf-8")
    return plan


def committed(folder: Path) -> None:
    """The folder's files committed in a git repository of their own: the adopted plan."""
    for arguments in (("init", "-q"), ("add", "."), ("commit", "-q", "-m", "Adopted")):
        subprocess.run(
            ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *arguments],
            cwd=folder,
            check=True,
            capture_output=True,
        )


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

HALLSBERG_LAPTOPS = (
    '[[investment]]\nname = "Elevdatorer Hallsberg"\nmunicipality = "Hallsberg"\n'
    "parts = [{ amount = 2000, years = 4 }]\n\n"
)


@needs_git
def test_own_investments_stay_own_against_the_committed_plan(tmp_path):
    """SPEC 16: the seed committed, then Hallsberg's laptops added (activated July): the capital
    line takes their capital cost, Hallsberg pays it, and the other members pay as before."""
    plan = tmp_path / "2023.toml"
    shutil.copy(DATA / "2023.toml", plan)
    committed(tmp_path)
    untouched = run("balance", plan)
    assert (untouched.exit_code, untouched.stderr) == (
        0,
        f"{plan}: the plan holds already: nothing to change\n",
    )
    text = plan.read_text("utf-8")
    plan.write_text(text.replace("# Mål och indikatorer", HALLSBERG_LAPTOPS + "# Mål", 1), "utf-8")
    before = plan.read_text("utf-8")
    result_ = run("balance", plan)
    assert result_.exit_code == 0
    lines = result_.stderr.splitlines()
    assert lines[:3] == [
        "Kapitalkostnader: 13373 → 13636",
        "Kapitalkostnader, Kapitalkostnad för årets investeringar: – → 263",
        "Hallsberg: 14012 → 14275",
    ]
    assert lines[3].startswith("Own costs measured against the committed version HEAD (")
    assert changed_lines(before, plan.read_text("utf-8")) == [
        "-budget = 14012",
        "+budget = 14275",
        "-budget = 13373",
        "+budget = 13636",
        '+  { reason = "Kapitalkostnad för årets investeringar", amount = 263 },',
    ]
    assert run("check", plan).exit_code == 0
    assert "Övrigt, ej specificerat: –" not in result_.stderr
    balanced = load(plan).plan(2023)
    assert [line.budget for line in balanced.contributions] == [9755, 6356, 11268, 14275]
    again = run("balance", plan)
    assert again.stderr.endswith("the plan holds already: nothing to change\n")


@needs_git
def test_a_changed_unregistered_is_earlier_years_investments_and_shared(tmp_path):
    """The seed's earlier investments cost 91 more since it was committed: the capital line
    names the cause, and the members pay the 91 by the committed plan's implicit key."""
    plan = tmp_path / "2023.toml"
    shutil.copy(DATA / "2023.toml", plan)
    committed(tmp_path)
    plan.write_text(
        plan.read_text("utf-8").replace("unregistered = 11609", "unregistered = 11700"), "utf-8"
    )
    result_ = run("balance", plan, "--against", "HEAD")
    assert result_.stderr.splitlines()[:6] == [
        "Kapitalkostnader: 13373 → 13464",
        "Kapitalkostnader, Kapitalkostnader för tidigare års investeringar: – → 91",
        "Lekeberg: 9755 → 9776",
        "Laxå: 6356 → 6370",
        "Askersund: 11268 → 11293",
        "Hallsberg: 14012 → 14043",
    ]
    assert run("check", plan).exit_code == 0


@needs_git
def test_an_unknown_revision_is_bad_input(tmp_path):
    plan = tmp_path / "2023.toml"
    shutil.copy(DATA / "2023.toml", plan)
    committed(tmp_path)
    result_ = run("balance", plan, "--against", "v9")
    assert result_.exit_code == 2
    assert "is not a revision" in result_.stderr


def test_balance_changes_only_the_figures_and_keeps_every_comment(tmp_path):
    """Without a committed version, the seed's 91 more are spread by the implicit key of the
    plan as written, and stderr names the own costs thereby shared."""
    plan = seed_copy(tmp_path, "unregistered = 11609", "unregistered = 11700")
    before = plan.read_text(encoding="utf-8")
    result_ = run("balance", plan)
    assert (result_.exit_code, result_.stdout) == (0, "")
    assert result_.stderr == (
        "Kapitalkostnader: 13373 → 13464\n"
        "Kapitalkostnader, Kapitalkostnad för årets investeringar: – → 91\n"
        "Lekeberg: 9755 → 9776\n"
        "Laxå: 6356 → 6370\n"
        "Askersund: 11268 → 11293\n"
        "Hallsberg: 14012 → 14043\n"
        "No committed version to measure against: the shortfall is shared by the implicit key, "
        "and with it these members' own costs:\n"
        "  Lekeberg: 434.03\n"
        "  Laxå: 233\n"
        "  Askersund: 322.16\n"
        "  Hallsberg: 256.41\n"
        "Add a [distribution] (with a [[key]]) so that each member's own costs stay its own.\n"
    )
    after = plan.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        "-budget = 9755",
        "+budget = 9776",
        "-budget = 6356",
        "+budget = 6370",
        "-budget = 11268",
        "+budget = 11293",
        "-budget = 14012",
        "+budget = 14043",
        "-budget = 13373",
        "+budget = 13464",
        '+  { reason = "Kapitalkostnad för årets investeringar", amount = 91 },',
    ]
    assert run("check", plan).exit_code == 0
    assert run("balance", plan).stderr.endswith("nothing to change\n")  # it holds
    assert plan.read_text(encoding="utf-8") == after


def test_an_existing_other_reason_takes_the_difference(tmp_path):
    plan = seed_copy(tmp_path, "budget = 1726", "budget = 1736")
    before = plan.read_text(encoding="utf-8")
    assert run("balance", plan, "--dry-run").stderr.splitlines()[0] == "Lekeberg: 9755 → 9757"
    assert plan.read_text(encoding="utf-8") == before  # --dry-run writes nothing
    edit = tmp_path / "2023.toml"
    text = before.replace("amount = 100 }", "amount = 110 }")  # Resor's reasons add up again
    edit.write_text(text, encoding="utf-8")
    assert run("balance", edit).exit_code == 0
    assert [line for line in changed_lines(text, edit.read_text("utf-8"))] == [
        "-budget = 9755",
        "+budget = 9757",
        "-budget = 6356",
        "+budget = 6358",
        "-budget = 11268",
        "+budget = 11271",
        "-budget = 14012",
        "+budget = 14015",
    ]
    assert run("check", edit).exit_code == 0


def test_a_changed_line_with_reasons_keeps_them_adding_up(tmp_path):
    """The held-out books: 2024's capital line off by 18; its cause is named beside the plan's
    own reasons, which are kept as they are ("Övrigt, ej specificerat" is the plan's word)."""
    folder = tmp_path / "books"
    shutil.copytree(BOOKS, folder)
    plan = folder / "2024.toml"
    text = plan.read_text(encoding="utf-8").replace(
        "budget = 2618\nprevious = 2262",
        "budget = 2600\nprevious = 2262\nchanges = [\n"
        '  { reason = "Nya investeringar", amount = 300 },\n'
        '  { reason = "Övrigt, ej specificerat", amount = 38 },\n]',
    )
    plan.write_text(text, encoding="utf-8")
    assert run("check", plan).exit_code == 1
    result_ = run("balance", plan)
    assert result_.exit_code == 0
    assert result_.stderr.splitlines()[:2] == [
        "Kapitalkostnader: 2600 → 2618",
        "Kapitalkostnader, Kapitalkostnad för årets investeringar: – → 18",
    ]
    assert run("check", "--data-dir", folder).exit_code == 0


def test_without_contributions_it_cannot_balance(tmp_path):
    plan = tmp_path / "2023.toml"
    plan.write_text(
        '[plan]\norganisation = "N"\nyear = 2023\n\n[[cost]]\nname = "A"\nbudget = 5\n',
        encoding="utf-8",
    )
    result_ = run("balance", plan)
    assert (result_.exit_code, result_.stdout) == (1, "")
    assert result_.stderr == (
        f"{plan}:1: plan: cannot balance: Summa is 5 and the plan has no contributions\n"
    )


def test_bad_input_is_bad_input(tmp_path):
    plan = seed_copy(tmp_path, "budget = 9755", "budget = -9755")
    before = plan.read_text(encoding="utf-8")
    assert run("balance", plan).exit_code == 2
    assert plan.read_text(encoding="utf-8") == before


amounts = st.integers(0, 10**6) | st.decimals(0, 10**6, places=2)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    contributions=st.lists(st.integers(1, 10**6), min_size=1, max_size=5),
    costs=st.lists(amounts, min_size=1, max_size=5),
    revenue=st.lists(amounts, max_size=2),
)
def test_any_plan_balances_and_a_balanced_plan_stays_as_it_is(
    tmp_path_factory, contributions, costs, revenue
):
    folder = tmp_path_factory.mktemp("balance")
    document = {
        "plan": {"organisation": "N", "year": 2023},
        "contribution": [{"name": f"K{i}", "budget": b} for i, b in enumerate(contributions)],
        "revenue": [{"name": f"I{i}", "budget": b} for i, b in enumerate(revenue)],
        "cost": [{"name": f"C{i}", "budget": b} for i, b in enumerate(costs)],
    }
    (folder / "2023.toml").write_text(tomli_w.dumps(document), encoding="utf-8")
    books = load(folder)
    source = books.source(2023)
    try:
        edits = balancing(books, source)
    except CannotBalance:
        assert sum(costs) < sum(revenue)  # the members would have to be paid
        return
    (folder / "2023.toml").write_text(balanced_text(source, edits), encoding="utf-8")
    balanced = load(folder)
    assert result(balanced.plan(2023)).budget == 0
    assert all(line.budget >= 0 for line in balanced.plan(2023).contributions)
    assert balancing(balanced, balanced.source(2023)) == []  # balanced stays balanced


def unbalanced(tmp_path: Path) -> Path:
    """The seed with its earlier investments costing 91 more: balance changes six figures."""
    return seed_copy(tmp_path, "unregistered = 11609", "unregistered = 11700")


def test_an_edit_saved_while_balancing_is_never_overwritten(tmp_path, monkeypatch, use_language):
    import mercalc.books.balance as balance_module

    plan = unbalanced(tmp_path)
    compute = balance_module.balanced_text

    def saved_meanwhile(*args):
        text = compute(*args)
        plan.write_text(plan.read_text("utf-8") + "# the controller's note\n", "utf-8")
        return text

    monkeypatch.setattr(balance_module, "balanced_text", saved_meanwhile)
    for language, message in (
        ("en", "the file changed while balancing; run again"),
        ("sv", "filen ändrades medan den balanserades; kör igen"),
    ):
        use_language(language)
        result_ = run("balance", plan)
        assert (result_.exit_code, result_.stderr) == (1, f"{plan}: {message}\n")
        assert plan.read_text("utf-8").endswith("# the controller's note\n")
    assert os.listdir(tmp_path) == ["2023.toml"]


def test_an_edit_saved_just_before_the_file_is_replaced_wins(tmp_path, monkeypatch):
    plan = unbalanced(tmp_path)
    fsync = os.fsync

    def saved_meanwhile(fd):
        fsync(fd)
        plan.write_text(plan.read_text("utf-8").replace("9755", "9756"), "utf-8")

    monkeypatch.setattr(os, "fsync", saved_meanwhile)
    result_ = run("balance", plan)
    monkeypatch.undo()
    assert result_.exit_code == 1
    assert "budget = 9756\n" in plan.read_text("utf-8")
    assert os.listdir(tmp_path) == ["2023.toml"]
    assert run("balance", plan).exit_code == 0  # run again: it balances the edited file


def test_a_read_only_plan_is_refused_whoever_runs_it(tmp_path, use_language):
    plan = unbalanced(tmp_path)
    before = plan.read_text("utf-8")
    plan.chmod(0o444)
    for language, message in (
        ("en", "is read-only (mode 0444): nothing was changed"),
        ("sv", "är skrivskyddad (rättigheter 0444): inget ändrades"),
    ):
        use_language(language)
        result_ = run("balance", plan)
        assert (result_.exit_code, result_.stderr) == (1, f"{plan}: {message}\n")
    assert plan.read_text("utf-8") == before


def test_a_shared_plan_keeps_its_mode_owner_and_group(tmp_path):
    plan = unbalanced(tmp_path)
    plan.chmod(0o664)
    if os.geteuid() == 0:
        os.chown(plan, 65534, 100)
    before = plan.stat()
    assert run("balance", plan).exit_code == 0
    after = plan.stat()
    assert (after.st_uid, after.st_gid, stat.S_IMODE(after.st_mode)) == (
        before.st_uid,
        before.st_gid,
        0o664,
    )
    assert after.st_ino != before.st_ino  # replaced, not written over


def test_a_plan_that_would_change_hands_is_refused(tmp_path, monkeypatch, use_language):
    plan = unbalanced(tmp_path)
    before = plan.read_text("utf-8")
    owner = plan.stat()
    monkeypatch.setattr(os, "fstat", lambda fd: _other_owner(os.stat(plan), fd))

    def denied(*_args):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "fchown", denied)
    for language, message in (
        ("en", "would change hands: its owner and group ({ids}) cannot be kept by this user"),
        ("sv", "skulle byta ägare: dess ägare och grupp ({ids}) kan inte behållas av den här"),
    ):
        use_language(language)
        result_ = run("balance", plan)
        ids = f"{owner.st_uid}:{owner.st_gid}"
        assert result_.exit_code == 1
        assert result_.stderr.startswith(f"{plan}: {message.format(ids=ids)}")
    monkeypatch.undo()
    assert plan.read_text("utf-8") == before
    assert os.listdir(tmp_path) == ["2023.toml"]


def _other_owner(plan: os.stat_result, fd: int) -> os.stat_result:
    """The temporary file as another user makes it: owned by someone else than the plan."""
    fields = list(os.stat_result(plan))
    fields[4] = plan.st_uid + 1  # st_uid
    return os.stat_result(fields)


def test_extended_attributes_and_a_bom_are_kept(tmp_path):
    plan = unbalanced(tmp_path)
    plan.write_bytes(b"\xef\xbb\xbf" + plan.read_bytes())
    try:
        os.setxattr(plan, "user.origin", b"ekonomi")
    except OSError:
        pytest.skip("this file system has no user extended attributes")
    assert run("balance", plan).exit_code == 0
    assert os.getxattr(plan, "user.origin") == b"ekonomi"
    data = plan.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf[") or data.startswith(b"\xef\xbb\xbf#")
    assert b"budget = 9776" in data


def test_an_array_of_tables_of_reasons_gets_one_more_table(tmp_path):
    plan = seed_copy(
        tmp_path,
        "changes = [\n"
        '  { reason = "Justeringar avseende individuella satsningar", amount = -16 },\n'
        '  { reason = "Gemensamma investeringar", amount = 24 },\n]\n',
        '[[cost.changes]]\nreason = "Justeringar avseende individuella satsningar"\n'
        'amount = -16\n\n[[cost.changes]]\nreason = "Gemensamma investeringar"\namount = 24\n',
    )
    plan.write_text(
        plan.read_text("utf-8").replace("unregistered = 11609", "unregistered = 11700"), "utf-8"
    )
    assert run("check", plan).exit_code == 1
    result_ = run("balance", plan)
    assert result_.exit_code == 0, result_.stderr
    assert plan.read_text("utf-8").count("[[cost.changes]]") == 3
    assert run("check", plan).exit_code == 0


def test_a_contribution_after_the_costs_stays_there_with_its_comment(tmp_path):
    text = (
        '[plan]\norganisation = "N"\nyear = 2023\n\n[[cost]]\nname = "A"\nbudget = 60\n\n'
        '# Lekeberg pays its share\n[[contribution]]\nname = "Lekeberg"\nbudget = 50\n\n'
        '# the second cost\n[[cost]]\nname = "B"\nbudget = 40\n'
    )
    plan = tmp_path / "2023.toml"
    plan.write_text(text, encoding="utf-8")
    assert run("balance", plan).exit_code == 0
    assert plan.read_text("utf-8") == text.replace("budget = 50", "budget = 100")


def test_a_key_introduced_replaces_the_reason_an_earlier_run_wrote(tmp_path):
    """SPEC 16: "Fördelning i proportion till driftbidragen 2022" is no longer true once the
    plan has a key: the entry is renamed and takes the change, never kept beside."""
    plan = tmp_path / "2023.toml"
    written = '{ reason = "Fördelning i proportion till driftbidragen 2022", amount = 10 }'
    plan.write_text(
        '[plan]\norganisation = "N"\nyear = 2023\n\n'
        f'[[contribution]]\nname = "A"\nbudget = 50\nprevious = 40\nchanges = [{written}]\n\n'
        f'[[contribution]]\nname = "B"\nbudget = 50\nprevious = 40\nchanges = [{written}]\n\n'
        '[[cost]]\nname = "C"\nbudget = 100\nprevious = 80\n\n'
        '[[key]]\nname = "Invånare"\nvalues = { A = 1, B = 3 }\n\n'
        '[distribution]\nkey = "Invånare"\n',
        encoding="utf-8",
    )
    result_ = run("balance", plan)
    assert result_.exit_code == 0, result_.stderr
    balanced = load(plan).plan(2023)
    assert [
        (line.budget, [(c.reason, c.amount) for c in line.changes])
        for line in balanced.contributions
    ] == [
        (25, [("Fördelning enligt nyckeln Invånare", -15)]),
        (75, [("Fördelning enligt nyckeln Invånare", 35)]),
    ]
    assert run("check", plan).exit_code == 0
