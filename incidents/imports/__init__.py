"""CSV import of incidents and firearm recoveries: check every row, then save all or nothing.

`plan.plan()` reads and validates a file and compares it with the database without writing;
`save.apply()` saves a clean plan in one transaction. The management commands and the upload
page both use them, so the preview shows exactly what the import will do. Case numbers
(incidents) and references (recoveries) are the keys: a record already saved with the same
values is left alone, one with different values is updated, so importing a file twice
changes nothing.

`reading` reads the file a row at a time and collects the problems; `cells` checks single
cells; `canonical`, `nypd` and `recoveries` are the formats (a column table and the row
rules each), named in `formats`; `records` holds what a row becomes; `lookups` reads saved
rows in chunks; `save` writes. `mapping` reads a format described in a TOML file (the
shipped ones are in `formats/`), `mapping_rows` turns a file's rows into records by it, and
`quality` is the data-quality report a preview prints; `places` gives the records their
places (a format's [places] columns by code, the others by the rows' coordinates).
"""
