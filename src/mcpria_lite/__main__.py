"""``python -m mcpria_lite``: the command line (:mod:`mcpria_lite.cli`)."""

import sys

from .cli.main import main

sys.exit(main())
