"""The firewall of each target: only the public ports from outside, SSH only from the management
networks, also for ports Docker publishes; applied with an automatic revert on the target unless
confirmed over a new SSH connection. docs/firewall.md explains the choices."""
