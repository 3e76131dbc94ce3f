"""Joint campaigns of the members and the results each participant reports."""
