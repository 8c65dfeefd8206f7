"""The weekly cycle: Monday hand-outs from templates, reflections, what is due."""
