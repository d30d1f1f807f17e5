"""The Campaign Studio: the marketing manager's web app (Starlette, Jinja2, HTMX).

``create_app(StudioConfig(...))`` builds it; ``enrollflow studio`` / ``make studio`` serve it on
http://127.0.0.1:8000. See ``studio/README.md``.
"""
