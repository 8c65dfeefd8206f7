"""New files for a school: a new school's repository, a new student's plan, and writes
that never overwrite."""
