"""RegarD site generator: YAML content → validated model → Markdown pages.

The flow, one module a step: ``load`` (YAML with positions) → ``validate``
(typed ``model`` and cross-references) → ``pages`` (path, Markdown) pairs.
``mkdocs_plugin`` and ``cli`` are the adapters; nothing upstream imports them.
"""
