"""plp: personalized learning plans as code.

The core (reading, validating, history, the page model) knows nothing of MkDocs; the
MkDocs plugin and the command line are thin adapters over it.
"""

__version__ = "0.1.0.dev0"
