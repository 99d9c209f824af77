"""Plain-Russian explanation of a charge basis, as the operator and the payer read it:

«Норматив 4,745 м³/чел × 2,5 чел (2 чел весь месяц, 1 чел с 16.11: 15/30) × тариф 45,20 ₽/м³
= 536,19 ₽».
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from app.calc.basis import Basis, Fallback, Piece, Source
from app.calc.inputs import Key
from app.calc.money import format_rub, round_kopecks


def num(value: Decimal, min_places: int = 0, max_places: int = 4) -> str:
    """'4,745', '2,5', '45,20' (min_places=2); long fractions cut to `max_places`."""
    if value.as_tuple().exponent < -max_places:  # type: ignore[operator]
        value = value.quantize(Decimal(1).scaleb(-max_places), rounding=ROUND_HALF_UP)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    whole, _, frac = text.partition(".")
    frac = frac.ljust(min_places, "0")
    return f"{whole},{frac}" if frac else whole


def rub(exact_kopecks: Decimal) -> str:
    return format_rub(round_kopecks(exact_kopecks))


def _tariff(t: Decimal | None, unit: str) -> str:
    return "тариф по частям месяца" if t is None else f"тариф {num(t, 2, 6)} ₽/{unit}"


def _dm(day: date) -> str:
    return f"{day:%d.%m}"


def explain_basis(b: Basis, meter_names: Mapping[Key, str] | None = None) -> str:
    """`meter_names` names meters as the operator knows them (by serial number, «№123»); the
    basis keeps only the meter's key."""
    # the wording of each method is registered with it; imported here, not at the top, because
    # the registry imports the bodies below
    from app.calc.methods import METHODS

    if meter_names and b.readings:
        b = b._replace(readings=tuple(r._replace(meter_key=meter_names.get(r.meter_key,
                                                                           r.meter_key))
                                      for r in b.readings))
    spec = METHODS[b.method]
    if b.source not in spec.sources:
        raise KeyError(f"a {b.method} line has no source {b.source}")
    body = spec.explain(b)
    return f"{_prefix(b)}{body} = {rub(b.exact)}"


def _prefix(b: Basis) -> str:
    if b.fallback == Fallback.NO_METER:
        return "Прибора учёта нет — "
    if b.fallback == Fallback.NO_READINGS:
        n = b.periods_without_readings or 1
        return f"Показания не переданы ({n}-й период подряд) — "
    if b.fallback == Fallback.VERIFICATION_EXPIRED and b.verification_due is not None:
        return f"Истёк срок поверки прибора учёта {b.verification_due:%d.%m.%Y} — "
    return ""


def _days(b: Basis) -> str:
    return f" × {b.days}/{b.days_in_month} дн." if b.days != b.days_in_month else ""


def _pieces(b: Basis, describe: str) -> str:
    zones = [p.zone for p in b.pieces]
    by_zone = all(zones) and len(set(zones)) == len(zones)  # one piece per zone: no dates
    parts = []
    for p in b.pieces:
        if by_zone:
            label = p.zone
        else:
            zone = f"{p.zone}, " if p.zone else ""
            label = f"{zone}{_dm(p.date_from)}–{_dm(p.date_to)} ({p.days} дн.)"
        parts.append(f"{label}: {_piece_formula(b, p)} = {rub(p.exact)}")
    how = "по зонам" if by_zone else "по частям месяца"
    return f"{describe} {how}: " + "; ".join(parts) + "; итого"


def _piece_formula(b: Basis, p: Piece) -> str:
    unit = b.unit
    coef = f" × коэффициент {num(p.coefficient)}" if p.coefficient not in (None, 1) else ""
    if b.source == Source.NORM:
        return (f"{num(p.quantity)} чел × {num(p.norm or Decimal(1))} {unit}/чел{coef} × "
                f"{num(p.tariff, 2, 6)} ₽ × {p.days}/{b.days_in_month}")
    if b.source == Source.AREA:
        return f"{num(p.quantity)} м² × {num(p.tariff, 2, 6)} ₽ × {p.days}/{b.days_in_month}"
    if b.source == Source.AREA_NORM:
        return (f"{num(p.quantity)} м² × {num(p.norm or Decimal(1))} {unit}/м² × "
                f"{num(p.tariff, 2, 6)} ₽ × {p.days}/{b.days_in_month}")
    if b.source == Source.FIXED:
        return f"{num(p.tariff, 2, 6)} ₽ × {num(p.quantity)} × {p.days}/{b.days_in_month}"
    return f"{num(p.quantity * p.share)} {unit} × {num(p.tariff, 2, 6)} ₽"


def residents_text(b: Basis) -> str:
    """'2 чел весь месяц, 1 чел с 16.11: 15/30' — persons grouped by identical days."""
    den = b.days_in_month
    parts = []
    if b.residents_whole:
        span = "весь месяц" if b.days == den else f"{b.days}/{den}"
        parts.append(f"{b.residents_whole} чел {span}")
    groups: Counter[tuple[date, date, int]] = Counter(
        (r.date_from, r.date_to, r.days) for r in b.residents_detail
    )
    for (a, z, days), count in sorted(groups.items(), key=lambda g: (-g[0][2], g[0][0])):
        if a.day == 1:
            label = f"по {_dm(z)}"
        elif z.day == den:
            label = f"с {_dm(a)}"
        else:
            label = f"{_dm(a)}–{_dm(z)}"
        parts.append(f"{count} чел {label}: {days}/{den}")
    if b.owners_used:
        parts.append("по числу собственников — никто не зарегистрирован"
                     if not parts else "собственники — на дни без зарегистрированных")
    return ", ".join(parts)


def norm_body(b: Basis) -> str:
    # only the head count changed: the compact form with residents by days reads best
    only_residents = b.tariff is not None and b.norm is not None and len(
        {p.coefficient for p in b.pieces}) <= 1
    if b.pieces and not only_residents:
        return _pieces(b, "Норматив")
    res = b.residents or Decimal(0)
    simple = not b.owners_used and not b.residents_detail and b.days == b.days_in_month
    who = f"{num(res)} чел" + ("" if simple else f" ({residents_text(b)})")
    k = b.pieces[0].coefficient if b.pieces else b.coefficient
    coef = f" × повышающий коэффициент {num(k)}" if k is not None else ""
    return (f"Норматив {num(b.norm or Decimal(0))} {b.unit}/чел × {who}{coef} × "
            f"{_tariff(b.tariff, b.unit)}")


def _readings_body(b: Basis) -> str:
    reads = []
    for r in b.readings:
        zone = f" {r.zone}" if r.zone else ""
        if r.old_final is not None and r.new_initial is not None:
            reads.append(f"ИПУ {r.meter_key}{zone}: замена — старый {num(r.previous)} → "
                         f"{num(r.old_final)}, новый {num(r.new_initial)} → {num(r.current)} "
                         f"= {num(r.volume)} {b.unit}")
        else:
            reads.append(f"ИПУ {r.meter_key}{zone}: {num(r.current)} − {num(r.previous)} "
                         f"= {num(r.volume)} {b.unit}")
    head = "Показания " + "; ".join(reads) + ". "
    return head + _volume_tail(b)


def _volume_tail(b: Basis) -> str:
    if b.pieces:
        return _pieces(b, "Объём")
    return f"Объём {num(b.volume or Decimal(0))} {b.unit} × {_tariff(b.tariff, b.unit)}"


def _average_body(b: Basis) -> str:
    months = b.average_months or 0
    tail = _volume_tail(b)
    return f"по среднемесячному объёму за {months} мес. " + tail[0].lower() + tail[1:]


def area_body(b: Basis) -> str:
    if b.pieces:
        return _pieces(b, "Площадь")
    return f"Площадь {num(b.area or Decimal(0))} м² × {_tariff(b.tariff, 'м²')}{_days(b)}"


def area_norm_body(b: Basis) -> str:
    if b.pieces:
        return _pieces(b, "Площадь × норматив")
    return (f"Площадь {num(b.area or Decimal(0))} м² × норматив {num(b.norm or Decimal(0))} "
            f"{b.unit}/м² × {_tariff(b.tariff, b.unit)}{_days(b)}")


def _premise_area(b: Basis) -> str:
    """S_i as the operator knows it, with the days when only part of the month is charged."""
    if b.area is None:
        assert b.building is not None
        return f"{num(b.building.premise_area)} м²·мес."
    return f"{num(b.area)} м²{_days(b).replace(' дн.', '')}"


def building_body(b: Basis) -> str:
    d = b.building
    assert d is not None
    share = (f"ОДПУ {num(d.building_volume or Decimal(0))} {b.unit} × {_premise_area(b)} / "
             f"{num(d.premises_area)} м² = {num(b.volume or Decimal(0))} {b.unit}; ")
    return share + _volume_tail(b)


def common_body(b: Basis) -> str:
    d = b.building
    assert d is not None
    parts = []
    if d.building_volume is not None and d.distributed is not None:
        parts.append(f"(ОДПУ {num(d.building_volume)} − Σ помещений {num(d.premises_volume)}) "
                     f"× {_premise_area(b)} / {num(d.premises_area)} м² = "
                     f"{num(d.distributed)} {b.unit}")
    if d.cap is not None:
        cap = (f"предел: норматив {num(d.common_norm or Decimal(0))} {b.unit}/м² × "
               f"{num(d.common_area)} м² × {_premise_area(b)} / {num(d.premises_area)} м² "
               f"= {num(d.cap)} {b.unit}")
        if d.capped:
            cap += " — применён предел"
        parts.append(cap)
    return "ОДН: " + "; ".join(parts) + "; " + _volume_tail(b)


def fixed_body(b: Basis) -> str:
    if b.pieces:
        return _pieces(b, "Фиксированная сумма")
    units = f" × {num(b.units)}" if b.units is not None and b.units != 1 else ""
    return f"Фиксированная сумма {num(b.tariff or Decimal(0), 2, 6)} ₽{units}{_days(b)}"


def metered_body(b: Basis) -> str:
    """A metered line: by readings, by the average, or by the norm it fell back to."""
    if b.source == Source.READINGS:
        return _readings_body(b)
    if b.source == Source.AVERAGE:
        return _average_body(b)
    return norm_body(b)
