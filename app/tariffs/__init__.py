"""Tariffs and norms with effective dates: lists, editing, «new value from a date», mass change.

The billing run reads the same rows; the most specific tariff wins (account list > building >
supplier > everywhere). Writes need Right.TARIFFS_EDIT, are audited and never touch a closed period.
"""
