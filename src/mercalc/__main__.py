"""`python -m mercalc`."""

from .cli import main

main()
