"""The Streamlit adapter and the entry points: URL and session state, the cache, widgets,
formatting for the screen, and the command line. Below the pages (views/) and the router
(app.py), the only code that imports streamlit."""
