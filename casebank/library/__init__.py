"""The typical-case library: drafting, review, publication, versions, documents, PDF."""
