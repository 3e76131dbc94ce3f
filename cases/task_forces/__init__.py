"""Joint task forces: the team, its cases, tasks, thread and documents, and its closing."""
