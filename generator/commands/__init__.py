"""Commands: ``regard`` and its sub-commands (check, diff, new, schemas, render, preview
page…), with French argument parsing."""
