"""Staff pages of 一单两库: thin views over the selectors (reads) and services (writes)."""
