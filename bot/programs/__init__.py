"""Programs and the question bank: who is asked what, when, and how answers are shared."""
