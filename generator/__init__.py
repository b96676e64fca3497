"""RegarD site generator: YAML content → checked model → Markdown pages and open data.

One sub-package a stage, each importing only the stages below it:

- ``commands`` (``regard`` and its sub-commands) and ``engines`` (the MkDocs plugin, the
  standalone render, link checks as MkDocs does them) drive the stages;
- ``outputs``: open data exports, citations, search records and the Pagefind index;
- ``pages``: the site's pages as (path, Markdown) pairs, the frise, French typography;
- ``content``: YAML read with positions, the typed model, the checker, the checked
  :class:`~generator.content.site.Site`;
- ``text``: Markdown rendering and sanitising, text-only HTML edits, shared by the checker
  and the pages.
"""
