"""Build hook: compile each gettext catalogue (`.po`) into the `.mo` the package reads.

The compiler is mercalc's own pure-Python msgfmt, loaded from the source by path, so that building
needs nothing beyond hatchling. The `.mo` is written beside its `.po` (ignored by git) and added to
the wheel as an artifact; an editable install reads it from the source tree.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PACKAGE = Path("src") / "mercalc"


def _msgfmt(root: Path) -> Any:
    spec = importlib.util.spec_from_file_location("_mercalc_msgfmt", root / PACKAGE / "msgfmt.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class CatalogueHook(BuildHookInterface):
    """Compile `src/mercalc/locale/*/LC_MESSAGES/*.po` before the wheel is built."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        msgfmt = _msgfmt(root)
        for source in sorted((root / PACKAGE / "locale").glob("*/LC_MESSAGES/*.po")):
            compiled = source.with_suffix(".mo")
            compiled.write_bytes(msgfmt.po_to_mo(source.read_text(encoding="utf-8")))
            build_data["artifacts"].append(compiled.relative_to(root).as_posix())
