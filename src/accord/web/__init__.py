"""The web workbench: FastAPI + Jinja2 + HTMX over the same functions as the CLI.

``accord serve`` runs :func:`accord.web.app.create_app`. Every asset (HTMX, plotly.js, the
stylesheet) is served from the installed package; no page asks any other host for anything.
"""
