"""Newcomers: a welcome, a first-month track of starter questions, a partner, colleagues' advice."""
