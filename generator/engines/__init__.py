"""Engine adapters: the MkDocs plugin and its speed and preview parts, MkDocs' link rules
and messages, the standalone render for other engines, the build's report to GitHub."""
