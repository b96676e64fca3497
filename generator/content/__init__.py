"""Content stage: the staff's YAML read with line and column, checked against the typed
model and cross-referenced into one :class:`~generator.content.site.Site`, or every problem
reported in French (``load`` → ``model`` → ``validate`` → ``site``); ``vocabulary`` holds
the French words of each kind of record and each field."""
