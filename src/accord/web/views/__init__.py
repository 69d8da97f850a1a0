"""One module per page family; each defines ``router`` and is included automatically."""
