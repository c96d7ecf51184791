"""The weekly knowledge prompt: rounds, answers, sharing, lessons, status and their wording."""
