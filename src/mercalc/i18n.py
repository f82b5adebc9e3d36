"""The user's language: problems, summaries, notes and help in Swedish where the locale is
Swedish (`LC_ALL`, else `LC_MESSAGES`, else `LANG` starting with `sv`), in English otherwise.

Tables, documents and JSON keys are the same in every language: only messages go through here.

How to add a message:
1. Wrap the English text in `_()` where it is shown, at run time (never at import: a module-level
   constant is marked `N_("...")` and translated where it is used, `_(CONSTANT)`). Keep values out
   of the text and the sentence whole, so that a translator sees all of it:
   `_("{value} is not a year from {low} to {high}").format(value=value, low=low, high=high)`.
   A count: `ngettext("{count} line", "{count} lines", count).format(count=count)`.
2. Add it with its Swedish to `src/mercalc/locale/sv/LC_MESSAGES/mercalc.po`:
       msgid "{value} is not a year from {low} to {high}"
       msgstr "{value} är inte ett år från {low} till {high}"
   Write Swedish as GLOSSARY.md says: short, plain, second person where needed, the line or key
   named. A test fails for any `_()`/`N_()`/`ngettext()` text in the code without a Swedish
   msgstr, and for a msgstr whose `{placeholders}` differ from its msgid's.

Help texts are the exception to step 1: a command's docstring and an option's `help=` and
`metavar=` are written in English where they are declared, without `_()`, and translated as the
commands are built (cli/conventions.py); each paragraph of a help text is a msgid on one line.

A list of names in a message (lines of a plan, say) goes one a line below it, since names hold
commas: `Problem(..., names=(...))`.

English is the msgid, so English needs no catalogue. The `.mo` is compiled at build time
(`hatch_build.py`); a source checkout without a current `.mo` reads the `.po` itself. Under an
English locale nothing is loaded at all; under Swedish one small file is read, once.
"""

from __future__ import annotations

import os
from typing import Any

DOMAIN = "mercalc"
LOCALE_DIR = os.path.join(os.path.dirname(__file__), "locale")  # no pathlib: `--help` is bare

_catalogue: Any = None  # gettext.GNUTranslations, False for English, None until first needed


def language() -> str:
    """`sv` where the locale is Swedish, else `en` (the first of LC_ALL, LC_MESSAGES, LANG set)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "sv" if value.startswith("sv") else "en"
    return "en"


def _load() -> Any:
    """The catalogue of the user's language, or False where messages stay in English."""
    global _catalogue
    _catalogue = _read(language())
    return _catalogue


def _read(code: str) -> Any:
    """The catalogue of a language, or False for English (and a language without one)."""
    if code == "en":
        return False
    base = os.path.join(LOCALE_DIR, code, "LC_MESSAGES", DOMAIN)
    try:
        if _current(base + ".mo", base + ".po"):
            with open(base + ".mo", "rb") as stream:
                data = stream.read()
        else:  # a source checkout, or a .po edited since the build
            from .msgfmt import po_to_mo

            with open(base + ".po", encoding="utf-8") as stream:
                data = po_to_mo(stream.read())
    except OSError:
        return False  # no catalogue for this language: English
    import gettext
    import io

    return gettext.GNUTranslations(io.BytesIO(data))


def _current(compiled: str, source: str) -> bool:
    """Whether the built `.mo` exists and is not older than a `.po` beside it (if any)."""
    try:
        built = os.stat(compiled).st_mtime
    except OSError:
        return False
    try:
        return built >= os.stat(source).st_mtime
    except OSError:
        return True  # an installed package ships the .mo only


def _(message: str) -> str:
    """`message` in the user's language."""
    catalogue = _catalogue if _catalogue is not None else _load()
    return catalogue.gettext(message) if catalogue else message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural of a message for `count`, in the user's language."""
    catalogue = _catalogue if _catalogue is not None else _load()
    if catalogue:
        return catalogue.ngettext(singular, plural, count)
    return singular if count == 1 else plural


def N_(message: str) -> str:
    """Mark a text kept in a constant for translation; `_()` translates it where it is shown."""
    return message


class in_swedish:
    """Messages in Swedish within `with in_swedish():`, whatever the locale: what the document
    a board adopts says is Swedish in every language (SPEC 10)."""

    def __enter__(self) -> None:
        global _catalogue
        self.kept = _catalogue
        _catalogue = _read("sv")

    def __exit__(self, *exception: object) -> None:
        global _catalogue
        _catalogue = self.kept


def reset() -> None:
    """Choose the language anew from the environment (for tests that change the locale)."""
    global _catalogue
    _catalogue = None


def number(value: Any, places: int = 2) -> str:
    """A figure in a message, as the user's language writes it (SPEC 16): at most `places`
    decimals (rounded half up), Swedish `13 374` and `1,25`, English `13374` and `1.25`."""
    from .numbers import plain, round_half_up
    from .swedish import swedish

    rounded = round_half_up(value, places)
    return swedish(rounded, None) if language() == "sv" else plain(rounded)
