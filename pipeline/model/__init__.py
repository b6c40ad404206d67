"""The kernel every other part builds on: records, campaign configuration, errors, Word-style 字数 and the
neutral Layout. It imports nothing else of brandreview (an import-linter layer keeps it so)."""
