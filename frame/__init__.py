"""The Streamlit adapter and the entry points: URL and session state, the cache, widgets,
formatting for the screen, and the command line. The only package that imports streamlit."""
