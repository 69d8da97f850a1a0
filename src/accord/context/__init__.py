"""What each command and page shows, as one JSON-able dict (Datasette's pattern).

A *context* function takes what the public API returns (:mod:`accord.api`) and puts it in the
shape a reader needs — names beside ids, numbers beside their anchors in words, the summary
first. The CLI prints it as tables or ``--format json``, a web page renders it with a template
and serves it as the page's ``.json`` twin, the HTML report renders the same dict: nothing is
computed twice and no interface computes anything the library does not. One module per page
family: :mod:`~accord.context.forecast` (the summary on top of every forecast),
:mod:`~accord.context.names` (inputs and ids in words).
"""
