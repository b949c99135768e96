#!/usr/bin/env python3
"""Check the built site's links, citations and external references (see --help).

The thin entry the README shows; the same as ``checklinks`` (installed) or
``python -m checklinks``. Python puts this file's folder on ``sys.path``.
"""

import sys

from checklinks.cli import main

if __name__ == "__main__":
    sys.exit(main())
