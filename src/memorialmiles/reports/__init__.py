"""Reports: what the runs have done, for the public (impact page, API, home count) and for
donors and boards (the annual report, a PDF). Every figure comes from listed, finished runs."""
