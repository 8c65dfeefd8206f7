"""How each plan grew: semantic events from one pass over the branch's Git history.

:mod:`~plp.history.gitlog` reads commits and blobs, :mod:`~plp.history.events` turns two
versions of a file into events, :mod:`~plp.history.identities` tells who made a change,
:mod:`~plp.history.engine` walks the history once and caches the result, and
:mod:`~plp.history.describe` puts events into sentences.
"""
