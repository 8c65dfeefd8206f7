"""Edits of plan files that keep the student's formatting: one value changes, nothing else."""
