"""``python -m plp`` runs the command line."""

import sys

from plp.cli import main

sys.exit(main())
