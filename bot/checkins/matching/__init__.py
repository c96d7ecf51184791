"""The pure matcher of peer check-ins: who meets whom, and why (no I/O anywhere in here)."""
