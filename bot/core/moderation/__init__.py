"""Moderation: validated, atomic, audited changes to the knowledge files; the watcher; feedback."""
