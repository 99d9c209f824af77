"""Households of the demo town: persons with documents, their registrations and ownership.

A household is drawn from a handful of shapes (a single person, a couple, a family with children,
three generations, pensioners, an empty flat whose owners live elsewhere). Wives mostly take the
husband's surname, children take the father's surname and patronymic. Documents: a passport from
14, a birth certificate before; СНИЛС with valid control digits.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from app.bulk import BulkWriter
from app.demo import names
from app.demo.places import BIRTH_PLACES, DEPARTED_TO
from app.demo.requisites import make_snils
from app.models import Ownership, Person, Registration
from app.models.enums import RegistrationKind

TODAY = date(2026, 10, 1)  # ages are counted at the open period, never at the real clock
WINDOW_FROM = date(2025, 11, 1)
WINDOW_TO = date(2026, 9, 30)

PERSON_COLUMNS = (
    "id", "last_name", "first_name", "middle_name", "birth_date", "sex", "birth_place",
    "snils", "doc_type", "doc_series", "doc_number", "doc_issued_by", "doc_issued_on", "phone",
    "version",
)
REGISTRATION_COLUMNS = ("id", "person_id", "premise_id", "kind", "date_from", "date_to",
                        "relation", "arrived_from", "departed_to", "account_id")
OWNERSHIP_COLUMNS = ("id", "premise_id", "person_id", "organization_id", "share_num",
                     "share_den", "date_from", "date_to", "document", "account_id")

SHAPES = ("single", "couple", "family", "single_parent", "three_gen", "pensioners", "vacant")
SHAPE_WEIGHTS = (22, 20, 28, 8, 6, 10, 6)
SMALL_SHAPES = ("single", "couple", "single_parent", "pensioners")  # rooms of communal flats


@dataclass
class Member:
    person_id: int
    full_name: str
    birth: date
    relation: str
    registered: bool = True


@dataclass
class Household:
    members: list[Member] = field(default_factory=list)
    owners: list[Member] = field(default_factory=list)
    municipal: bool = False

    @property
    def payer(self) -> Member:
        return self.owners[0] if self.owners else self.members[0]

    @property
    def residents(self) -> int:
        return sum(1 for m in self.members if m.registered)


def rand_date(rng: random.Random, start: date, end: date) -> date:
    """A day from `start` to `end`, both included; a reversed span is a bug of the caller."""
    if end < start:
        raise ValueError(f"rand_date: {end} is before {start}")
    return start + timedelta(days=int(rng.random() * ((end - start).days + 1)))


class People:
    """Writes persons, registrations and ownerships for the premises it is handed."""

    def __init__(self, w: BulkWriter, rng: random.Random, admin_org_id: int) -> None:
        self.w, self.rng, self.admin_org_id = w, rng, admin_org_id
        w.declare(Person.__table__, PERSON_COLUMNS)
        w.declare(Registration.__table__, REGISTRATION_COLUMNS)
        w.declare(Ownership.__table__, OWNERSHIP_COLUMNS)
        self.add_person, self.person_ids = w.appender(Person.__table__), w.id_source(
            Person.__table__)
        self.add_registration = w.appender(Registration.__table__)
        self.registration_ids = w.id_source(Registration.__table__)
        self.add_ownership = w.appender(Ownership.__table__)
        self.ownership_ids = w.id_source(Ownership.__table__)

    # -- persons ---------------------------------------------------------------------------
    def person(self, male: bool, base_surname: str, age: tuple[int, int],
               father: str | None = None, phone: bool = False) -> tuple[int, str, date]:
        rng = self.rng
        rand = rng.random
        birth = TODAY - timedelta(days=age[0] * 365 + int(rand() * ((age[1] - age[0]) * 365 + 364)))
        first = names.first_name(rng, male, birth.year)
        father = father or names.male_first_name(rng, birth.year - 22 - int(rand() * 14))
        middle = names.patronymic(father, male)
        last = names.surname_for(base_surname, male)
        pid = self.person_ids()
        self.add_person((
            pid, last, first, middle, birth, "м" if male else "ж",
            BIRTH_PLACES[min(int(rng.expovariate(0.6)), len(BIRTH_PLACES) - 1)],
            make_snils(rng), *self._document(birth),
            f"+7 9{10 + int(rand() * 90)} {100 + int(rand() * 900)}-{int(rand() * 100):02d}-"
            f"{int(rand() * 100):02d}" if phone else None, 1,
        ))
        return pid, f"{last} {first} {middle}", birth

    def _document(self, birth: date) -> tuple[str, str, str, str, date]:
        rng = self.rng
        number = f"{int(rng.random() * 10**6):06d}"
        age = (TODAY - birth).days // 365
        if age < 14:
            issued = birth + timedelta(days=5 + int(rng.random() * 26))
            return "Свидетельство о рождении", "IV-АИ", number, "Отдел ЗАГС г. Заречного", issued
        at = 45 if age >= 45 else 20 if age >= 20 else 14
        issued = birth.replace(year=birth.year + at, day=min(birth.day, 28)) + timedelta(
            days=3 + int(rng.random() * 58))
        issued = min(issued, TODAY - timedelta(days=1))
        issuer = ("ГУ МВД России по Свердловской области" if issued.year >= 2016 else
                  "Отделением УФМС России по Свердловской обл. в г. Заречный")
        return "Паспорт гражданина РФ", f"65 {issued.year % 100:02d}", number, issuer, issued

    # -- households ------------------------------------------------------------------------
    def household(self, shape: str) -> Household:
        rng, h = self.rng, Household()
        base = names.surname(rng)
        if shape in ("single", "vacant"):
            male = rng.random() < 0.45
            pid, name, birth = self.person(male, base, (22, 85), phone=True)
            h.members.append(Member(pid, name, birth, "собственник", shape != "vacant"))
            if shape == "vacant" and rng.random() < 0.3:
                pid2, name2, b2 = self.person(not male, base, (22, 85))
                h.members.append(Member(pid2, name2, b2, "собственник", False))
            return h
        if shape == "single_parent":
            pid, name, birth = self.person(False, base, (24, 48), phone=True)
            h.members.append(Member(pid, name, birth, "собственник"))
            self._children(h, base, None, rng.randint(1, 2), min(birth.year + 20, 2024))
            return h
        ages = (62, 88) if shape == "pensioners" else (24, 55)
        husband, hname, hbirth = self.person(True, base, ages, phone=True)
        h.members.append(Member(husband, hname, hbirth, "собственник"))
        wife_base = base if rng.random() < 0.88 else names.surname(rng)
        wife, wname, wbirth = self.person(False, wife_base, ages)
        h.members.append(Member(wife, wname, wbirth, "жена"))
        if shape in ("family", "three_gen"):
            father = hname.split()[1]
            self._children(h, base, father, rng.choice((1, 1, 2, 2, 3)), hbirth.year + 22)
        if shape == "three_gen":
            pid, name, birth = self.person(False, names.surname(rng), (68, 90))
            h.members.append(Member(pid, name, birth, "тёща"))
        return h

    def _children(self, h: Household, base: str, father: str | None, n: int,
                  earliest_year: int) -> None:
        age_hi = max(0, min(25, TODAY.year - earliest_year))  # no older than parent − 20
        for _ in range(n):
            male = self.rng.random() < 0.51
            pid, name, birth = self.person(male, base, (0, age_hi), father=father)
            h.members.append(Member(pid, name, birth, "сын" if male else "дочь"))

    # -- registrations and ownership -------------------------------------------------------
    def settle(self, h: Household, premise_id: int, since: date, until: date | None,
               municipal: bool, share: tuple[int, int] = (1, 1),
               account_id: int | None = None) -> None:
        """Register the household from `since` (to `until`) — to a room's account in a
        communal flat — and record who owns what share."""
        rng = self.rng
        h.municipal = municipal
        for i, m in enumerate(h.members):
            if not m.registered:
                continue
            start = max(since, m.birth)
            end, departed = until, None
            if (until is None and m.relation in ("сын", "дочь") and (TODAY - m.birth).days > 6900
                    and rng.random() < 0.25):
                end = rand_date(rng, max(WINDOW_FROM, start), WINDOW_TO)
                departed = DEPARTED_TO[rng.randrange(len(DEPARTED_TO))]
            elif until is not None:
                departed = DEPARTED_TO[rng.randrange(len(DEPARTED_TO))]
            if end is not None and end < start:
                continue  # born after the household left: never registered here
            relation = "наниматель" if municipal and i == 0 else m.relation
            self.add_registration((
                self.registration_ids(), m.person_id, premise_id,
                RegistrationKind.PERMANENT.value, start, end, relation,
                None if start == m.birth else BIRTH_PLACES[rng.randrange(len(BIRTH_PLACES))],
                departed, account_id))
        if municipal:
            self.own(premise_id, None, self.admin_org_id, (1, 1), since, until,
                      "Договор социального найма")
            return
        self._ownership(h, premise_id, since, until, share, account_id)

    def _ownership(self, h: Household, premise_id: int, since: date, until: date | None,
                   share: tuple[int, int], account_id: int | None) -> None:
        rng = self.rng
        adults = [m for m in h.members if m.relation in ("собственник", "жена")]
        roll = rng.random()
        if len(adults) >= 2 and roll < 0.35:
            owners = adults[:2]
        elif len(h.members) >= 3 and roll < 0.5:
            owners = h.members[: min(4, len(h.members))]  # privatised by the whole family
        else:
            owners = h.members[:1]
        h.owners = owners
        document = ("Договор передачи квартиры в собственность граждан" if since.year < 2005
                    else "Договор купли-продажи")
        num, den = share
        for m in owners:
            self.own(premise_id, m.person_id, None, _reduce(num, den * len(owners)), since,
                      until, f"{document} от {since:%d.%m.%Y}", account_id)

    def own(self, premise_id: int, person_id: int | None, org_id: int | None,
             share: tuple[int, int], since: date, until: date | None, document: str,
             account_id: int | None = None) -> None:
        self.add_ownership((
            self.ownership_ids(), premise_id, person_id, org_id, share[0],
            share[1], since, until, document, account_id))

    def temporary_guest(self, premise_id: int) -> None:
        """Someone registered for a stay (по месту пребывания), with an end date."""
        rng = self.rng
        pid, _, _ = self.person(rng.random() < 0.5, names.surname(rng), (19, 60))
        start = rand_date(rng, date(2025, 9, 1), date(2026, 9, 1))
        self.add_registration((
            self.registration_ids(), pid, premise_id,
            RegistrationKind.TEMPORARY.value, start, start + timedelta(days=rng.randint(90, 365)),
            "без родства", BIRTH_PLACES[rng.randrange(len(BIRTH_PLACES))], None, None))


def _reduce(num: int, den: int) -> tuple[int, int]:
    a, b = num, den
    while b:
        a, b = b, a % b
    return num // a, den // a
