"""Deploying the stack on the targets."""
