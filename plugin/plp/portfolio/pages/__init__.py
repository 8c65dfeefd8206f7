"""One module per page of a student's portfolio site."""
