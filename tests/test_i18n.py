"""The user's language: the locale chooses it; every message in the code has its Swedish."""

from __future__ import annotations

import ast
import gettext
import io
import os
import re
import string
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from mercalc import i18n
from mercalc.msgfmt import parse_po, po_to_mo

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "mercalc"
SWEDISH = SOURCE / "locale" / "sv" / "LC_MESSAGES" / "mercalc.po"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


@pytest.fixture
def locale(monkeypatch):
    """Set the locale's variables for one test; the language is chosen anew each time."""

    def use(**variables: str) -> None:
        for name in LOCALE_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        i18n.reset()

    yield use
    i18n.reset()


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"LANG": "sv_SE.UTF-8"}, "sv"),
        ({"LANG": "sv_FI"}, "sv"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({}, "en"),
        ({"LC_MESSAGES": "sv_SE.UTF-8", "LANG": "en_GB.UTF-8"}, "sv"),
        ({"LC_ALL": "sv_SE.UTF-8", "LANG": "C"}, "sv"),
        ({"LC_ALL": "C.UTF-8", "LANG": "sv_SE.UTF-8"}, "en"),
        ({"LC_ALL": "", "LC_MESSAGES": "", "LANG": "sv_SE.UTF-8"}, "sv"),
    ],
)
def test_the_locale_chooses_the_language(locale, variables, expected):
    locale(**variables)
    assert i18n.language() == expected


def test_messages_follow_the_locale(locale):
    locale(LANG="sv_SE.UTF-8")
    assert i18n._("no such file") == "filen finns inte"
    locale(LANG="en_US.UTF-8")
    assert i18n._("no such file") == "no such file"


def test_english_loads_no_catalogue(locale):
    locale(LANG="en_US.UTF-8")
    i18n._("no such file")
    assert i18n._catalogue is False


def test_a_message_without_translation_stays_english(locale):
    locale(LANG="sv_SE.UTF-8")
    assert i18n._("a text nobody wrote") == "a text nobody wrote"


def test_plurals_in_both_languages(locale):
    locale(LANG="en_US.UTF-8")
    assert i18n.ngettext("one", "many", 1) == "one"
    assert i18n.ngettext("one", "many", 2) == "many"


def test_msgfmt_reads_what_gnu_gettext_reads():
    po = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        '# a comment\nmsgid "a \\"quoted\\" word"\nmsgstr "ett \\"citerat\\" ord"\n\n'
        'msgid "two\\n"\n"lines"\nmsgstr ""\n"två\\n"\n"rader"\n\n'
        '#, fuzzy\nmsgid "unsure"\nmsgstr "osäker"\n\n'
        'msgid "untranslated"\nmsgstr ""\n\n'
        'msgid "{count} line"\nmsgid_plural "{count} lines"\n'
        'msgstr[0] "{count} rad"\nmsgstr[1] "{count} rader"\n'
    )
    catalogue = gettext.GNUTranslations(io.BytesIO(po_to_mo(po)))
    assert catalogue.gettext('a "quoted" word') == 'ett "citerat" ord'
    assert catalogue.gettext("two\nlines") == "två\nrader"
    assert catalogue.gettext("unsure") == "unsure"  # fuzzy: not used
    assert catalogue.gettext("untranslated") == "untranslated"
    assert catalogue.ngettext("{count} line", "{count} lines", 1) == "{count} rad"
    assert catalogue.ngettext("{count} line", "{count} lines", 5) == "{count} rader"


@pytest.mark.parametrize(
    "bad",
    [
        'msgid "open\nmsgstr "x"\n',
        'msgid "a"\nmsgstr "\\q"\n',
        'msgid "a"\nmsgstr "b"\nmsgstr "c"\n',
    ],
)
def test_msgfmt_refuses_a_broken_catalogue(bad):
    with pytest.raises(ValueError, match="line"):
        parse_po(bad)


def _marked_messages() -> dict[str, str]:
    """Every text in the code given to `_()`, `N_()` or `ngettext()`, with where it is.

    A message is given as a literal (a constant marked `N_()` may be passed by name), never
    built before translation: an f-string or a sum would have no msgid in the catalogue.
    """
    found: dict[str, str] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            count = {"_": 1, "N_": 1, "ngettext": 2}.get(node.func.id, 0)
            for argument in node.args[:count]:
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    found.setdefault(argument.value, where)
                else:
                    assert node.func.id != "N_" and isinstance(argument, ast.Name), (
                        f"{where}: {node.func.id}() takes the message itself, as a literal"
                    )
    return found


def _help_messages() -> dict[str, str]:
    """Every paragraph of every command's help and every parameter's help and metavariable, as
    the commands declare them (in English): each is a msgid."""
    from typer.main import get_command

    from mercalc.cli import COMMANDS, app
    from mercalc.cli.conventions import help_paragraphs

    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        os.environ.pop(name, None)  # English: the texts come out as declared
    i18n.reset()
    group = get_command(app)
    found: dict[str, str] = {}
    for name, command in [("mercalc", group), *((c, group.commands[c]) for c in COMMANDS)]:
        texts = [command.help, *(param.help for param in command.params)]
        for text in texts:
            for paragraph in help_paragraphs(text or ""):
                found.setdefault(paragraph, f"mercalc {name} --help")
        for param in command.params:
            if param.metavar:
                found.setdefault(param.metavar, f"mercalc {name} --help")
    return found


def _used_messages() -> dict[str, str]:
    return {**_help_messages(), **_marked_messages()}


def _placeholders(text: str) -> set[str]:
    return {field for _, field, spec, _ in string.Formatter().parse(text) if field is not None}


def test_every_message_in_the_code_has_its_swedish(monkeypatch):
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    entries = {}
    for entry in parse_po(SWEDISH.read_text(encoding="utf-8")):
        entries[entry.msgid] = entries[entry.plural or entry.msgid] = entry
    missing = [
        f"{where}: {message!r}"
        for message, where in _used_messages().items()
        if message not in entries
        or entries[message].fuzzy
        or not all(entries[message].translations)
    ]
    assert not missing, "no Swedish in mercalc.po for:\n" + "\n".join(missing)


def test_the_swedish_catalogue_holds_no_message_the_code_no_longer_has(monkeypatch):
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    used = set(_used_messages())
    for entry in parse_po(SWEDISH.read_text(encoding="utf-8")):
        if entry.msgid:
            assert entry.msgid in used or entry.plural in used, (
                f"mercalc.po:{entry.line}: {entry.msgid!r} is used nowhere: remove it"
            )


def test_swedish_keeps_every_placeholder_and_says_each_message_once():
    entries = [e for e in parse_po(SWEDISH.read_text(encoding="utf-8")) if e.msgid]
    ids = [e.msgid for e in entries]
    assert len(ids) == len(set(ids)), "a msgid is in mercalc.po twice"
    for entry in entries:
        for translation in entry.translations:
            assert _placeholders(translation) == _placeholders(entry.msgid), (
                f"mercalc.po:{entry.line}: {translation!r} does not keep the placeholders of "
                f"{entry.msgid!r}"
            )


def test_the_wheel_carries_the_compiled_catalogue(tmp_path):
    pip = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    subprocess.run(
        [*pip, "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("mercalc-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        data = archive.read("mercalc/locale/sv/LC_MESSAGES/mercalc.mo")
    assert not [name for name in names if name.endswith(".po")]
    catalogue = gettext.GNUTranslations(io.BytesIO(data))
    assert catalogue.gettext("no such file") == "filen finns inte"


def test_english_messages_are_not_swedish_and_swedish_ones_are():
    """A msgstr left in English (copied from its msgid) is a translation not made."""
    for entry in parse_po(SWEDISH.read_text(encoding="utf-8")):
        words = re.findall(r"[a-zåäö]{4,}", re.sub(r"\{[^}]*\}", "", entry.msgid))
        if len(words) >= 3:
            assert entry.translations[0] != entry.msgid, f"mercalc.po:{entry.line}: not Swedish"
