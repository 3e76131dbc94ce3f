"""Pages of case-handling cooperation, one module per sub-domain."""
