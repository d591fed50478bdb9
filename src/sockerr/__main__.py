"""`python -m sockerr`: the same as the `sockerr` command."""

from .cli import main

raise SystemExit(main())
