"""The web editor: Decap CMS forms generated from the plan schemas (``plp cms``)."""
