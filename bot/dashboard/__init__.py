"""The web dashboard (/dashboard): one-time sign-in links, sessions, scopes, pages."""
