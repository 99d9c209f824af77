"""The passport office (паспортный стол): people, their registrations at the place of residence
or of stay, their identity documents, the owners of a flat, and the forms the clerk prints.

One function = one clerk's action (DOMAIN.md «Passport office»; Приказ МВД России №984):
`registration.register_arrival` / `register_departure`, `people.change_documents`,
`people.person_card` (every view of documents is audited, 152-ФЗ), `flat.flat_view`,
`people.person_history`, `flat.owners_of`, `ownership.change_ownership` / `change_payer`,
`billing_effect.open_requests` / `run_open_requests`, `forms.*`. A change dated in a closed
period is recalculated right after it commits (`app.recalc.trigger`).
"""
