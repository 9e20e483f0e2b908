"""`python -m digibord ...` is the same as the `digibord` command."""

from digibord.cli import main

raise SystemExit(main())
