"""The meetings' calendar: the month grid and list, .ics files and personal feeds."""
