"""Complaints: coming in a later issue; until then the page says so and shows no numbers."""

from dashboard import ui

ui.coming_soon("complaints")
