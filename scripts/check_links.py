#!/usr/bin/env python3
"""Check the built site's links, citations and external references (see --help).

The thin entry the README shows; the same as ``checklinks`` (installed) or
``python -m checklinks``. Python puts this file's folder on ``sys.path``.
"""

import sys

# Start-up time is part of the checker's job (an --offline run of a small site takes about a
# tenth of a second), so its compiled modules are kept in scripts/checklinks/__pycache__ (which
# git ignores) even where PYTHONDONTWRITEBYTECODE is set, as on this project's machines:
# compiling them again on every run cost 0.03 to 0.05 s. An installed checklinks has them already.
sys.dont_write_bytecode = False

from checklinks.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
