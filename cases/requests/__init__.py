"""Assistance requests between procuratorates: the request and its workflow, its letters,
document register, attachments and deadlines, and the request types."""
