"""Checking plans: the schema, the rules beyond the shape, the HTML policy, the checker
that runs them, its findings and their reporters."""
