"""``python -m checklinks``: the command line (see ``checklinks.cli``)."""

import sys

from checklinks.cli import main

if __name__ == "__main__":  # not when a spawned child process imports it
    sys.exit(main())
