"""The importer: a province's extracts (CSV or Excel) read, normalised, judged and stored all or
nothing (DESIGN.md section 9, issue 13). kinds -> reading -> values -> judging -> storing."""
