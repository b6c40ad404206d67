"""Readers of scans and photographed pages: RapidOCR into a Layout."""
