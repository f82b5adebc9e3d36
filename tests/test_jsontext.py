"""views/jsontext.py: JSON as the standard library writes it, with Decimals exact."""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from mercalc.views.jsontext import to_json

SCALARS = st.none() | st.booleans() | st.integers() | st.text()
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(VALUES)
def test_it_writes_what_the_standard_library_writes(value):
    assert to_json(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_decimals_are_written_digit_for_digit():
    value = {"budget": Decimal("41391.00"), "share": [Decimal("0.2321802")], 2023: (1, "Laxå")}
    assert to_json(value) == (
        '{\n  "budget": 41391,\n  "share": [\n    0.2321802\n  ],\n'
        '  "2023": [\n    1,\n    "Laxå"\n  ]\n}'
    )
