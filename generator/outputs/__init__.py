"""Outputs stage: what the site publishes beside its pages — open data exports, BibTeX and
RIS files, search records and the Pagefind index."""
