"""Verifying a deployment from the outside, as its users would reach it, and the acceptance report."""
