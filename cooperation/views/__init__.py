"""Pages of the liaison mechanism, one module per sub-domain: the calendar, meetings, the
rotation, symposiums and campaigns. Every write goes through `cooperation.services`."""
