"""Pure functions: what should happen, decided without I/O."""
