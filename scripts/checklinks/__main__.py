"""``python -m checklinks``: the command line (see ``checklinks.cli``)."""

import sys

from checklinks.cli import main

sys.exit(main())
