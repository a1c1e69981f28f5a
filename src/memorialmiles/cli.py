"""The `memorialmiles` command.

Every Django management command passes through (`memorialmiles migrate`), and the pure tools
that need no database (`gps`, `results compute`, `tours plan`) run without configuring Django
at all, so a timer on a laptop at a finish line can use them with nothing set up.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["gps"]:
        from memorialmiles.gps.cli import main as gps_main

        return gps_main(args[1:])
    if args[:2] == ["results", "compute"]:
        from memorialmiles.results.cli import main as results_main

        return results_main(args[1:])
    if args[:1] == ["tours"]:
        from memorialmiles.tours.cli import main as tours_main

        return tours_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "memorialmiles.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["memorialmiles", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
