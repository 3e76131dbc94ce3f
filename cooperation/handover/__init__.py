"""The yearly handover of the chair: the new term opens, and the resolutions still open pass
to the incoming chair office."""
