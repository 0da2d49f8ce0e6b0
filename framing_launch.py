"""The ``framing`` console script: quiet on Ctrl-C from its first instant.

Importing ``framing`` (torch, pandas, transformers) takes about a second; a Ctrl-C in that time would print a
long ``KeyboardInterrupt`` traceback. This module is outside the package so that it runs before that import:
it makes SIGINT and SIGTERM exit quietly (130, 143) until the command line is ready, which then installs its
own handling (finished shards kept, temporary files removed).
"""

from __future__ import annotations

import signal
import sys


def _quiet_exit(signum: int, frame: object) -> None:
    sys.stderr.write("interrupted\n")
    raise SystemExit(128 + signum)


def main() -> None:
    """Entry point of the ``framing`` console script."""
    signal.signal(signal.SIGINT, _quiet_exit)
    signal.signal(signal.SIGTERM, _quiet_exit)
    from framing.cli import main as cli_main

    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C is KeyboardInterrupt again
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the commands install their own SIGTERM handling
    cli_main()


if __name__ == "__main__":
    main()
