"""Members' stake in what is asked: proposing, voting on, adopting and rating questions."""
