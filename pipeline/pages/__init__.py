"""The review pages as plain functions of stored records → HTML strings, over the one set of templates in
pipeline/templates/: document.document_html (one submission), overview.overview_html (the campaign). The
static reports/ folder (pipeline.review_page) and the web application on the roadmap serve the same pages.
"""
