"""The bundle's entry point: the same `kvartal` command as an installed wheel."""

import multiprocessing
import sys

from app.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the billing run's and mass printing's worker processes
    sys.exit(main())
