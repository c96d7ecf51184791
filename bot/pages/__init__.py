"""The public pages: GET /privacy and GET /terms, from templates an admin can replace."""
