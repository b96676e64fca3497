"""Outputs stage: what the site publishes beside its pages — open data exports, citation
files, search records and the Pagefind index."""
