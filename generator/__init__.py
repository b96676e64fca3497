"""RegarD site generator: YAML content → checked model → Markdown pages and open data.

One sub-package a stage, top to bottom, each importing only its own stage and the ones
below it (``tests/test_architecture.py``):

- ``commands``: ``regard`` and its sub-commands;
- ``engines``: the MkDocs plugin, the standalone render, link checks as MkDocs does them;
- ``outputs``: open data exports, BibTeX and RIS, search records and the Pagefind index;
- ``pages``: the site's pages as (path, Markdown) pairs, references, the frise, typography;
- ``content``: YAML read with positions, the typed model, the checker, the checked
  :class:`~generator.content.site.Site`, the French words of kinds and fields;
- ``text``: Markdown rendering and sanitising, text-only HTML edits, slugs and every page
  path, shared by the checker and the pages.
"""
