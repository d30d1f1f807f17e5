"""EnrollFlow: the campaign platform for education marketing (CLI and settings)."""
