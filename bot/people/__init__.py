"""People: workspaces, members and their own settings, directory sync, roles and units."""
