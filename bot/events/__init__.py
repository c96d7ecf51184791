"""Events: an announcement with Going / Can't go, a calendar file, a reminder, and lessons."""
