"""Joint meetings of the rotating chair: agenda, invitations, minutes, resolutions, notices."""
