"""Sub-commands of `kvartal`: every module here is discovered and must define `register`
(shared helpers are in `app.cli_support`)."""
