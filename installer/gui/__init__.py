"""The Qt wizard: renders the engine's events and answers its questions; no install logic here."""
