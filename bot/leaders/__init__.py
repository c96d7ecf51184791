"""Leaders model sharing: nudges on real signals, recognition, and champions' summaries."""
