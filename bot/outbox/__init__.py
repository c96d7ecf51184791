"""The delivery outbox: enqueue once by key, then claim, send and record exactly once."""
