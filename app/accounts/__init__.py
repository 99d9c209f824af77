"""Accounts: lookup as you type, the account card, notes.

Use cases (one function = one user action; the UI, CLI and tests call the same):
    lookup(db, actor, text, limit=50) -> list[AccountHit]          app/accounts/lookup.py
    load_card(db, actor, number, today=None) -> AccountCard         app/accounts/card.py
    add_note(db, actor, account_id, text) -> NoteRow                app/accounts/notes.py
    card_to_json(card) -> dict                                      app/accounts/card.py

The lookup index (derived data, app/accounts/search_index.py):
    rebuild_search_index(db, today=None)        every account, in bulk (demo, imports)
    index_account(session, account_id)          one account, in the caller's transaction —
    index_premise(session, premise_id)          after a change of payer, residents or address
"""
