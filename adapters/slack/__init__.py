"""The Slack adapter: bolt app, Block Kit rendering, directory sync and the ChatPlatform."""
