"""The champions network: each champion's private weekly note about their unit."""
