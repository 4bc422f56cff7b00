"""The only code that touches SQL: functions (conn, Filters) -> polars.DataFrame."""
