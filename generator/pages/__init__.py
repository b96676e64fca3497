"""Pages stage: the site's pages as (path, Markdown) pairs from a checked
:class:`~generator.content.site.Site` — templates, the chronology and its frise, the
references under « Citer », French typography. No engine is imported here."""
