"""Server checks (preflight): read facts from every target, judge them, say how to fix what fails."""
