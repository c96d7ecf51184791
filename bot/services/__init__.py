"""Services: act on the database and the outbox, as the domain decides."""
