"""Meters and readings: the registry, reading entry, checks, import and export.

    rules.py         pure rules (no database, no clock): parsing, consumption, replacement
                     split, average, the checks on a new reading
    state.py         bulk loading of meters and their reading history (read-only)
    validation.py    a batch of entries checked against the stored state
    registry.py      add / edit / replace / remove meters (Right.METERS_EDIT)
    entry.py         reading sheets and saving typed readings (Right.READINGS_ENTER)
    tabular.py       XLSX / CSV rows and header recognition
    importing.py     parse a file, then check and post all accepted rows at once
    exporting.py     blank sheets for controllers, the verification list (XLSX)
    verification.py  meters whose verification expires or has expired
"""
