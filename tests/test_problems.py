"""Problems as lines: a name or value in a message never reaches the terminal raw."""

from __future__ import annotations

import pytest

from mercalc.problems import Problem, safe_text

# every character that can reorder or hide text, as the terminal would otherwise get it
REORDERING = (
    [chr(c) for c in range(0x202A, 0x202F)]  # embeddings and overrides
    + [chr(c) for c in range(0x2066, 0x206A)]  # isolates
    + ["\u200e", "\u200f", "\u061c"]  # marks
    + ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]  # zero-width
    + ["\u2028", "\u2029"]  # line and paragraph separators
)


@pytest.mark.parametrize("character", REORDERING, ids=[f"U+{ord(c):04X}" for c in REORDERING])
def test_a_character_that_reorders_or_hides_text_is_escaped(character: str):
    shown = safe_text(f"5010{character}9")
    assert shown == f"5010\\u{ord(character):04x}9"
    problem = Problem("utfall.csv", f'"5010{character}9" is not an account number', 2, ("konto",))
    assert (
        str(problem)
        == f'utfall.csv:2: konto: "5010\\u{ord(character):04x}9" is not an account number'
    )


def test_control_characters_are_escaped_and_letters_kept():
    assert safe_text("Laxå\x1b[2J\r\n\x85") == "Laxå\\x1b[2J\\r\\n\\x85"
    assert safe_text("Lekeberg – Laxå 9 755") == "Lekeberg – Laxå 9 755"
