"""``python -m kamatui`` is the same as the ``kamatui`` command."""

import sys

from .cli import main

sys.exit(main())
