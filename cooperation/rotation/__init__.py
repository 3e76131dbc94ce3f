"""The chair rotation: who chairs which year, and the swaps of years."""
