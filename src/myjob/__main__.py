"""``python -m myjob`` is the ``myjob`` command."""

import sys

from myjob.cli import main

sys.exit(main())
