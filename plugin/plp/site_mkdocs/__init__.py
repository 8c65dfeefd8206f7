"""The MkDocs adapter: the ``plp`` plugin and the builder of many students' sites.

Only this package imports MkDocs. Replacing the site generator means writing one new
adapter beside it, over the same page model (:mod:`plp.portfolio`).
"""
