"""Account lookup as you type: by number, surname or address fragment, fast on a million accounts.

Three ways to an answer, each a handful of index seeks:
- a number prefix walks `account_search_token` (field 1) in key order and stops at the limit;
- words (names, street words) walk the most selective word's token range in key order and keep an
  account only if its other words are found too (a seek in the (account, field, token) index);
- an address ("Ленина 5 12") goes through the housing tables: the distinct street names (a few
  hundred), the buildings of the matching streets, their premises, their accounts — never through
  the "house 5" or "flat 12" tokens, which every street has.

All SQL is plain text with `:name` parameters, executed through a `Runner`, so the benchmark can
replay exactly the same statements on the bare DBAPI cursor (`lookup_statements`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text as sql_text

from app.accounts.query import Query, parse
from app.accounts.search_index import FLAT, HOUSE, NAME, NUMBER, PERSON, STREET
from app.accounts.text import (
    MAX_TOKEN,
    address_line,
    flat_token,
    house_tokens,
    natural_key,
    prefix_range,
    street_key,
    street_words,
)
from app.accounts.views import AccountHit
from app.db import Database
from app.rights import Actor, Right

MAX_LIMIT = 500
_PAGES = 5
_COUNT_CAP = 5000

Rows = Sequence[Sequence[Any]]
Runner = Callable[[str, dict[str, Any]], Rows]


def lookup(db: Database, actor: Actor, text: str, limit: int = 50) -> list[AccountHit]:
    """Accounts matching what the operator typed, in the actor's scope, best first."""
    actor.require(Right.ACCOUNT_VIEW)
    query = parse(text)
    if query.kind == "empty" or limit <= 0:
        return []
    with db.session() as s:
        return find(lambda sql, params: s.execute(sql_text(sql), params).all(),
                    actor, query, min(limit, MAX_LIMIT))


def lookup_statements(db: Database, actor: Actor, text: str, limit: int = 50
                      ) -> list[tuple[str, dict[str, Any]]]:
    """The SQL statements one lookup runs, with their parameters (for the bare-SQL baseline)."""
    actor.require(Right.ACCOUNT_VIEW)
    trace: list[tuple[str, dict[str, Any]]] = []
    query = parse(text)
    if query.kind == "empty":
        return trace
    with db.session() as s:
        def run(sql: str, params: dict[str, Any]) -> Rows:
            trace.append((sql, dict(params)))
            return s.execute(sql_text(sql), params).all()
        find(run, actor, query, min(limit, MAX_LIMIT))
    return trace


def find(run: Runner, actor: Actor, q: Query, limit: int) -> list[AccountHit]:
    if q.kind == "address":
        hits = _by_address(run, actor, q, limit)
        if hits is not None:
            return hits
        # no street of that name: the words may be a surname ("Иванов 12")
    if q.kind == "words" and len(q.words) > 1:
        # a whole name typed in order ("Иванова Мария П") is one person: one range scan
        person = _by_tokens(run, actor, [Term((PERSON,), " ".join(q.words)[:MAX_TOKEN])], limit)
        if person:
            return _hits(run, person, None)
    ids = _by_tokens(run, actor, _terms(q), limit)
    return _hits(run, ids, q.number if q.exact_number else None)


# --- token walk ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    fields: tuple[int, ...]
    value: str
    prefix: bool = True

    def sql(self, alias: str, name: str, params: dict[str, Any]) -> str:
        fields = (f"{alias}.field = {self.fields[0]}" if len(self.fields) == 1
                  else f"{alias}.field IN ({', '.join(map(str, self.fields))})")
        if not self.prefix:
            params[name] = self.value
            return f"{alias}.token = :{name} AND {fields}"
        params[f"{name}_lo"], params[f"{name}_hi"] = prefix_range(self.value)
        return f"{alias}.token >= :{name}_lo AND {alias}.token < :{name}_hi AND {fields}"


def _terms(q: Query) -> list[Term]:
    if q.kind == "number":
        return [Term((NUMBER,), q.number, prefix=not q.exact_number)]
    words = q.words if q.kind == "words" else q.street + q.extra
    terms = [Term((NAME, STREET), w) for w in words]
    if q.house:
        terms.append(Term((HOUSE,), house_tokens(q.house)[0], prefix=False))
    if q.flat:
        terms.append(Term((FLAT,), flat_token(q.flat) or q.flat))
    return terms


def _driver_first(terms: list[Term]) -> list[Term]:
    """The term expected to match fewest rows leads: a number, then the longest word of three
    letters or more, then a house or a flat (every street has a house 5 and a flat 12)."""
    def rank(t: Term) -> tuple[int, int]:
        if NUMBER in t.fields:
            return (0, 0)
        if NAME in t.fields and len(t.value) >= 3:
            return (1, -len(t.value))
        return (2, t.prefix)
    return sorted(terms, key=rank)


def _by_tokens(run: Runner, actor: Actor, terms: list[Term], limit: int) -> list[int]:
    if not terms:
        return []
    if len(terms) > 1:
        # several words: the rarest one leads, counted up to a cap ("Иванова Мария Петровна":
        # the surname, not the longest word); a word that matches nothing ends the search
        counts = {t: _count(run, t) for t in terms}
        if min(counts.values()) == 0:
            return []
        terms = sorted(terms, key=lambda t: counts[t])
    driver, *others = _driver_first(terms) if len(terms) == 1 else terms
    params: dict[str, Any] = {}
    where = [driver.sql("t", "d", params)]
    for i, term in enumerate(others):
        where.append(
            f"EXISTS (SELECT 1 FROM account_search_token u{i} WHERE u{i}.account_id = t.account_id"
            f" AND {term.sql(f'u{i}', f'w{i}', params)})"
        )
    scope = _scope_sql(actor, params)
    if scope:
        where.append(
            "EXISTS (SELECT 1 FROM account a JOIN premise p ON p.id = a.premise_id "
            f"JOIN building b ON b.id = p.building_id WHERE a.id = t.account_id AND {scope})"
        )
    cap = limit * 2
    base = f"SELECT t.token, t.account_id FROM account_search_token t WHERE {' AND '.join(where)}"
    order = f" ORDER BY t.token, t.account_id LIMIT {cap}"
    found: dict[int, None] = {}
    rows = run(base + order, params)
    for _ in range(_PAGES):
        found.update((r[1], None) for r in rows)
        if len(found) >= limit or len(rows) < cap:
            break
        params["after_token"], params["after_id"] = rows[-1][0], rows[-1][1]
        rows = run(base + " AND (t.token > :after_token OR (t.token = :after_token "
                   "AND t.account_id > :after_id))" + order, params)
    return list(found)[:limit]


def _count(run: Runner, term: Term) -> int:
    params: dict[str, Any] = {}
    rows = run("SELECT count(*) FROM (SELECT 1 FROM account_search_token t WHERE "
               f"{term.sql('t', 'c', params)} LIMIT {_COUNT_CAP}) x", params)
    return int(rows[0][0])


def _hits(run: Runner, ids: list[int], exact_number: str | None) -> list[AccountHit]:
    if not ids:
        return []
    params: dict[str, Any] = {}
    rows = run(
        "SELECT a.id, a.number, a.payer_name, a.status, b.street, b.house, p.number, p.kind "
        "FROM account a JOIN premise p ON p.id = a.premise_id "
        f"JOIN building b ON b.id = p.building_id WHERE a.id IN ({_in(params, 'a', ids)})",
        params,
    )
    rows = sorted(rows, key=lambda r: (r[1] != exact_number, street_key(r[4]),
                                       natural_key(r[5]), natural_key(r[6]), r[1]))
    return [AccountHit(r[0], r[1], r[2], address_line(r[4], r[5], r[6], r[7]), r[3])
            for r in rows]


# --- address walk --------------------------------------------------------------------------

def _by_address(run: Runner, actor: Actor, q: Query, limit: int) -> list[AccountHit] | None:
    """Hits at the address; None when no street matches the words (they may be a name)."""
    found = _buildings(run, actor, q)
    if found is None:
        return None
    buildings, filters = found
    if not buildings:
        return []
    order = {b[0]: i for i, b in enumerate(buildings)}
    by_id = {b[0]: b for b in buildings}
    params: dict[str, Any] = {}
    sql = ("SELECT p.id, p.building_id, p.number, p.kind FROM premise p "
           f"WHERE p.building_id IN ({_in(params, 'b', list(order))})")
    flat = flat_token(q.flat) if q.flat else None
    lead = _leading_digits(flat or "")
    if lead:
        params["flat_like"] = lead + "%"
        sql += " AND p.number LIKE :flat_like"
    elif flat:  # "н1": stored as "Н1" or "н1"; LIKE folds no Cyrillic case on SQLite
        variants = sorted({flat, flat.upper(), flat.capitalize()})
        sql += " AND (" + " OR ".join(f"p.number LIKE :flat_like{i}"
                                      for i in range(len(variants))) + ")"
        params.update({f"flat_like{i}": v + "%" for i, v in enumerate(variants)})
    premises = [p for p in run(sql, params)
                if flat is None or (flat_token(p[2]) or "").startswith(flat)]
    premises.sort(key=lambda p: (order[p[1]], natural_key(p[2])))
    hits: list[AccountHit] = []
    chunk = max(limit, 50)
    for start in range(0, len(premises), chunk):
        part = premises[start:start + chunk]
        for acc in _accounts_of(run, part, filters):
            p = acc[5]
            b = by_id[p[1]]
            hits.append(AccountHit(acc[0], acc[1], acc[2],
                                   address_line(b[1], b[2], p[2], p[3]), acc[3]))
        if len(hits) >= limit:
            break
        chunk = 500
    return hits[:limit]


def _buildings(run: Runner, actor: Actor, q: Query
               ) -> tuple[list[Sequence[Any]], list[str]] | None:
    """(id, street, house) of buildings matching the street words and house, in address order;
    and the typed words that are not part of the street name (names to filter by). None when
    the words name no street at all."""
    params: dict[str, Any] = {}
    scope = _scope_sql(actor, params)
    filters = list(q.extra)
    if q.street:
        anchor = q.street[-1]
        names = run("SELECT DISTINCT b.street FROM building b"
                    + (f" WHERE {scope}" if scope else ""), params)
        streets = [r[0] for r in names if any(w.startswith(anchor) for w in street_words(r[0]))]
        if not streets:
            return None
        filters += [w for w in q.street[:-1]
                    if not all(any(x.startswith(w) for x in street_words(s)) for s in streets)]
        cond = f"b.street IN ({_in(params, 's', streets)})"
    elif q.house and _leading_digits(q.house):
        params["house_like"] = _leading_digits(q.house) + "%"
        cond = "b.house LIKE :house_like"
    else:
        return None
    rows = run(f"SELECT b.id, b.street, b.house FROM building b WHERE {cond}"
               + (f" AND {scope}" if scope else ""), params)
    if q.house:
        wanted = house_tokens(q.house)[:1]
        rows = [r for r in rows if wanted and wanted[0] in house_tokens(r[2])]
    return sorted(rows, key=lambda r: (street_key(r[1]), natural_key(r[2]))), filters


def _accounts_of(run: Runner, premises: Sequence[Sequence[Any]], filters: list[str]
                 ) -> list[tuple[Any, ...]]:
    """(id, number, payer, status, premise_id, premise row) of the premises, in their order."""
    if not premises:
        return []
    params: dict[str, Any] = {}
    rows = run("SELECT a.id, a.number, a.payer_name, a.status, a.premise_id FROM account a "
               f"WHERE a.premise_id IN ({_in(params, 'p', [p[0] for p in premises])})", params)
    ids = {r[0] for r in rows}
    for word in filters:
        if not ids:
            break
        params = {}
        cond = Term((NAME, STREET), word).sql("u", "w", params)
        ids &= {r[0] for r in run(
            f"SELECT u.account_id FROM account_search_token u WHERE {cond} "
            f"AND u.account_id IN ({_in(params, 'a', sorted(ids))})", params)}
    rank = {p[0]: (i, p) for i, p in enumerate(premises)}
    kept = sorted((r for r in rows if r[0] in ids), key=lambda r: (rank[r[4]][0], r[1]))
    return [(*r, rank[r[4]][1]) for r in kept]


# --- helpers -------------------------------------------------------------------------------

def _in(params: dict[str, Any], prefix: str, values: Sequence[Any]) -> str:
    """Placeholders for an IN list, parameters added to `params`."""
    names = []
    for i, v in enumerate(values):
        params[f"{prefix}{i}"] = v
        names.append(f":{prefix}{i}")
    return ", ".join(names)


def _scope_sql(actor: Actor, params: dict[str, Any]) -> str | None:
    """The actor's visibility over alias `b` (building): its companies or its buildings."""
    if actor.unrestricted:
        return None
    parts = []
    if actor.company_ids:
        parts.append(f"b.company_id IN ({_in(params, 'sc', sorted(actor.company_ids))})")
    if actor.building_ids:
        parts.append(f"b.id IN ({_in(params, 'sb', sorted(actor.building_ids))})")
    return "(" + " OR ".join(parts) + ")"


def _leading_digits(value: str) -> str:
    digits = ""
    for ch in value:
        if not ch.isdigit():
            break
        digits += ch
    return digits
