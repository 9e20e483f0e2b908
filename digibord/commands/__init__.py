"""Handlers of the command line's subcommands, one module per area; `digibord/cli.py` parses."""
