"""`mercalc members`: who pays what, in every format, with its exit codes."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

from conftest import SEED_PLAN, run

BOOKS = Path(__file__).resolve().parent / "plans" / "members"
PLAN = BOOKS / "2023.toml"
DIFFERENCES = (
    f"{PLAN}:9: contribution[0].budget: Lindesberg: 15301 in the plan, "
    "15296 by the key Invånare\n"
    f"{PLAN}:19: contribution[2].budget: Ljusnarsberg: 2936 in the plan, "
    "2941 by the key Invånare\n"
)


def test_the_seed_shows_each_members_direct_costs_and_implied_key(golden):
    result = run("members", SEED_PLAN)
    assert (result.exit_code, result.stderr) == (0, "")
    golden("members-2023.txt", result.stdout)
    lekeberg = next(line for line in result.stdout.splitlines() if line.startswith(" Lekeberg"))
    cells = [cell for cell in lekeberg.split(" ") if cell]  # spaces part cells; U+00A0 is within
    assert cells == [
        "Lekeberg",
        "9\u00a0755",
        "434",
        "9\u00a0321",
        "23,22\u00a0%",
        "9\u00a0316",
        "439",
    ]


def test_the_seeds_json_has_the_implicit_common_part_and_the_share():
    result = run("members", SEED_PLAN, "-f", "json")
    data = json.loads(result.stdout, parse_float=Decimal)
    assert (data["year"], data["unit"], data["key"]) == (2023, "tkr", None)
    hallsberg = data["members"][3]
    assert hallsberg == {
        "name": "Hallsberg",
        "common": {"implicit": Decimal("13755.5854166667")},
        "direct": Decimal("256.4145833333"),
        "computed": None,
        "entered": 14012,
        "difference": None,
        "previous": 13063,
        "change": 949,
        "implied_share": Decimal("0.3426440707"),
    }
    assert data["total"]["implied_share"] == 1
    assert data["total"]["direct"] + data["total"]["common"]["implicit"] == 41391


def test_keyed_books_show_the_parts_and_report_the_differences_after_printing(golden):
    result = run("members", PLAN, "--key", "Användare")
    assert (result.exit_code, result.stderr) == (1, DIFFERENCES)
    golden("members-keys.txt", result.stdout)


def test_keyed_json_as_the_spec_shapes_it():
    result = run("members", PLAN, "--format", "json", "--key", "användare")
    data = json.loads(result.stdout, parse_float=Decimal)
    assert data["key"] == "Invånare"
    nora = data["members"][1]
    assert set(nora["common"]) == {"Invånare", "Användare"}
    assert (nora["direct"], nora["computed"], nora["entered"], nora["difference"]) == (
        Decimal("626.75"),
        7523,
        7523,
        0,
    )
    assert nora["alternative"] == {"key": "Användare", "computed": 7992, "difference": 469}
    assert nora["implied_share"] is None
    total = data["total"]
    assert (total["computed"], total["entered"], total["previous"], total["change"]) == (
        30319,
        30319,
        23500,
        6819,
    )
    assert total["alternative"]["difference"] == 0


def test_csv_and_markdown_carry_the_same_rows():
    rows = list(csv.reader(io.StringIO(run("members", PLAN, "-f", "csv").stdout)))
    header = rows[0]
    lindesberg = dict(zip(header, rows[1], strict=True))
    assert lindesberg["Beräknat bidrag"] == "15296"
    assert lindesberg["Differens"] == "5"
    assert lindesberg["Direkta kostnader"] == "318"
    markdown = run("members", PLAN, "-f", "markdown").stdout
    assert "| Ljusnarsberg |" in markdown and "| -5 |" in markdown


def test_a_key_that_the_plan_does_not_have_is_bad_input():
    result = run("members", PLAN, "--key", "Yta")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f'{PLAN}: --key: "Yta" is not a [[key]] of the plan (the keys are: Invånare, Användare)\n'
    )
    result = run("members", SEED_PLAN, "--key", "Invånare")
    assert result.exit_code == 2
    assert "(the keys are: none)" in result.stderr


def test_bad_input_in_the_keys_stops_members():
    bad = Path(__file__).resolve().parent / "bad" / "key_missing_member" / "2023.toml"
    result = run("members", bad)
    assert (result.exit_code, result.stdout) == (2, "")
    assert "key[0].values: has no value for Laxå" in result.stderr


def test_plan_years_add_each_years_computed_contributions():
    result = run("members", PLAN, "--plan-years", "-f", "json")
    data = json.loads(result.stdout, parse_float=Decimal)
    years = ["2024", "2025"]
    budget = json.loads(run("budget", PLAN, "--plan-years", "-f", "json").stdout)
    for year in years:
        by_member = [member["plan"][year] for member in data["members"]]
        assert sum(by_member) == data["total"]["plan"][year]
        # the members cover the year's costs less other revenue (negative in budget's json)
        assert sum(by_member) == sum(
            line["plan"][year] for line in budget["revenue"][len(by_member) :] + budget["costs"]
        )
        shown = [-line["plan"][year] for line in budget["revenue"][: len(by_member)]]
        assert shown == by_member  # budget's plan years split by the key too
    seed = json.loads(run("members", SEED_PLAN, "--plan-years", "-f", "json").stdout)
    # the seed's capital line follows the books: 11 609 + C(2024) 3 507,578125 = 15 117 in 2024
    assert seed["members"][0]["plan"] == {"2024": 10303, "2025": 10290}


def test_a_key_without_a_distribution_is_for_what_ifs(tmp_path):
    """SPEC 16: a [[key]] may stand without [distribution]; members --key then computes
    nothing (computed = entered) and shows the key's split beside it, plan years too."""
    plan = tmp_path / "2023.toml"
    plan.write_text(
        SEED_PLAN.read_text(encoding="utf-8")
        + '\n[[key]]\nname = "Invånare"\n'
        + 'values = { Lekeberg = 8210, "Laxå" = 5526, Askersund = 11413, Hallsberg = 16277 }\n',
        encoding="utf-8",
    )
    assert run("check", plan).exit_code == 0
    result = run("members", plan, "--key", "Invånare", "--plan-years", "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["key"] is None
    for member in data["members"]:
        assert member["computed"] == member["entered"] and member["difference"] == 0
        alternative = member["alternative"]
        assert alternative["key"] == "Invånare"
        assert alternative["difference"] == alternative["computed"] - member["entered"]
        assert set(alternative["plan"]) == {"2024", "2025"}
    assert sum(m["alternative"]["computed"] for m in data["members"]) == 41391
    plain = run("members", plan)  # without --key: what the contributions imply, as before
    assert plain.exit_code == 0 and "Implicit nyckel" in plain.stdout
