"""Editing a TOML file in place: the tables stay in their order, every comment where it stands."""

from __future__ import annotations

from mercalc.io.tomledit import Edit, edit

INTERLEAVED = """\
[plan]
organisation = "T"
year = 2023

[[cost]]
name = "Personal"
budget = 100
# the reasons, as an array of tables
[[cost.changes]]
reason = "Lön"
amount = 5

# the contribution written after the first cost
[[contribution]]
name = "A"
budget = 50  # kept

# the second cost
[[cost]]
name = "Hyra"
budget = 20
changes = [
  { reason = "Hyra", amount = 1 },
]

# a comment above B
[[contribution]]
name = "B"
budget = 50

# the end
"""


def test_tables_written_out_of_order_stay_where_they_are_with_their_comments():
    edited = edit(
        INTERLEAVED,
        [
            Edit("set", ("contribution", 0, "budget"), 60),
            Edit("set", ("contribution", 1, "budget"), 61),
            Edit("set", ("cost", 1, "budget"), 22),
        ],
    )
    expected = (
        INTERLEAVED.replace("budget = 50  # kept", "budget = 60  # kept")
        .replace('name = "B"\nbudget = 50', 'name = "B"\nbudget = 61')
        .replace("budget = 20", "budget = 22")
    )
    assert edited == expected


def test_an_array_of_tables_is_appended_to_as_an_array_of_tables():
    edited = edit(
        INTERLEAVED,
        [
            Edit("append", ("cost", 0, "changes"), {"reason": "Övrigt", "amount": 3}),
            Edit("set", ("cost", 0, "changes", 0, "amount"), 7),
            Edit("append", ("cost", 1, "changes"), {"reason": "Övrigt", "amount": 1}),
        ],
    )
    expected = INTERLEAVED.replace(
        'reason = "Lön"\namount = 5\n',
        'reason = "Lön"\namount = 7\n[[cost.changes]]\nreason = "Övrigt"\namount = 3\n',
    ).replace(
        '  { reason = "Hyra", amount = 1 },\n',
        '  { reason = "Hyra", amount = 1 },\n  { reason = "Övrigt", amount = 1 },\n',
    )
    assert edited == expected


def test_line_ends_of_a_windows_file_stay_crlf():
    text = INTERLEAVED.replace("\n", "\r\n")
    edited = edit(
        text,
        [
            Edit("set", ("contribution", 1, "budget"), 61),
            Edit("append", ("cost", 1, "changes"), {"reason": "Övrigt", "amount": 1}),
        ],
    )
    assert "\n" not in edited.replace("\r\n", "")
    assert 'name = "B"\r\nbudget = 61\r\n' in edited
