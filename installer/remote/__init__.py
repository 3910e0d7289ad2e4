"""SSH to the customer's servers: sessions, commands, sudo, transfers."""
