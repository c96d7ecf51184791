"""The delivery outbox: enqueue once by key, then claim, send and record: at least once."""
