"""Putting the bundle's container images on the targets: only what each lacks, resumable, verified.
How and why: docs/images.md."""
from .step import ImagesStep

__all__ = ["ImagesStep"]
