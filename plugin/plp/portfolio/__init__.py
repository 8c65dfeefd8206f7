"""The portfolio site of one student, as pages independent of any site generator.

:func:`plp.portfolio.site.build_portfolio` turns a :class:`~plp.format.records.StudentRecord`
into :class:`~plp.portfolio.model.Portfolio`: pages of sanitized HTML with their table of
contents, the navigation, and the student's files to copy. Adapters (the MkDocs plugin)
only lay these out with a theme.
"""
