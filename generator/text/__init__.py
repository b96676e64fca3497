"""Shared text ground: Markdown rendering and sanitising, text-only HTML edits, slugs and
accent folding, and every page path of the site (``urls``).

The checker renders Markdown as the pages do, so this sits below both and imports no other
part of the generator."""
