"""Search of the typical-case library: the query, its index and backends, saved searches."""
