"""The public portal (一公开) at /public/: plain GET pages, no login, read only through
``disclosure.selectors`` (the one public scoping rule)."""
