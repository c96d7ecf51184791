"""The Microsoft Teams adapter: every Bot Framework import of kmbot lives in this folder."""
