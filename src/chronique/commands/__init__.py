"""Command groups beyond the core ones in `chronique.cli`, one module per concern.

Each module defines `register(app: typer.Typer) -> None`, which adds its commands; `cli.py`
lists the modules in `COMMAND_MODULES`, so `chronique --help` shows every command.
"""
