"""Local demo targets: real hosts in network namespaces on this machine (root, Linux only).
The README's main job and the integration tests use the same recipe."""
