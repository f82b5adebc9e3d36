"""mercalc: the MER-plan budget calculator."""

__version__ = "0.1.0"
