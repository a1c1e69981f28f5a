import sys

from memorialmiles.cli import main

sys.exit(main())
