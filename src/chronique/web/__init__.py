"""The web UI: Jinja2 templates, static files and vendored libraries (see static/vendor/)."""
