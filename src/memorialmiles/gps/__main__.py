"""``python -m memorialmiles.gps stats FILE``."""

import sys

from .cli import main

sys.exit(main(sys.argv[1:]))
