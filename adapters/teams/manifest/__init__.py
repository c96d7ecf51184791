"""The Teams app manifest template and its icons."""
