"""Readers of legacy Word 97–2003 .doc and WPS .wps: LibreOffice conversion and the Word binary's own text."""
