"""The Streamlit adapter: the pages' list, URL and session state, the cache, and what a page
draws with it (look, sidebar, page_head, notices, tiles, drawn_charts, drawn_maps, downloads,
freshness, import_form, task_forms), formatting for the screen, and the server's entry point
(frame.serve). Below the pages (views/) and the router (app.py), the only code that imports
streamlit; the command line is cli.py, beside app.py."""
