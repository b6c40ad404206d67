"""Interpreters: a Layout into an application form's fields or an outcome report's facts, and how much a Layout
looks like each. Nothing here knows a file format."""
