"""Readers of PDFs with a text layer: pypdfium2 characters into a Layout."""
