"""Readers of .docx (Word, WPS, LibreOffice): zipfile + lxml into a Layout."""
