"""Kalabarg Ops: the domain package (settings, schema, filters, calendar, i18n, sample data)."""
