"""The plan's critical elements per student (``plp check``), and what is due (``plp due``)."""
