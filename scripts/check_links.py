#!/usr/bin/env python3
"""Check the built site's links, citations and external references (see --help)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from checklinks.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
