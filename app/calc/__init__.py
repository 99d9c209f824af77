"""Pure calculation engine: no Qt, no database, no clock — stdlib only.

Money is `int` kopecks; quantities (volumes, readings, norms, areas, tariffs in ₽ per unit,
coefficients, rates) are `Decimal`. A charge line is computed exactly and rounded half-up once.

Charges — `app.calc.accrual`
    calculate_account(inp: AccountPeriodInput, period: Period) -> CalcResult(lines, errors)
        lines: list[ChargeLine(service_code, supplier_key, amount: int, basis: Basis)]
        errors: list[CalcError(code: ErrorCode, message_ru, service_code)] — one per failed
        service (or service_code None for the account); the other services are still charged.
    Inputs (`app.calc.inputs`, frozen dataclasses):
        AccountPeriodInput(account_key, area: Timeline | None, services: tuple[ServiceInput],
                           residents: tuple[ResidentSpan] = (), owners_count=0,
                           opened: date | None = None, closed: date | None = None)
        ServiceInput(rule: ServiceRule, meters: tuple[MeterUsage] = (),
                     area: Timeline | None = None, meter_required: bool | None = None)
        ServiceRule(service_code, method: Method, tariff: Timeline, supplier_key=None,
                    kind: ServiceKind = OTHER, unit=None, norm: Timeline | None = None,
                    zone_tariffs: Mapping[str, Timeline] | None = None, meter_required=False,
                    raising_coefficient: Timeline | None = None,
                    building: BuildingData | None = None, units=Decimal(1),
                    provided_from=None, provided_to=None, max_average_periods=3,
                    min_average_months=3, average_window=6)
            — build one per service and building (or tariff group) and share it between
            accounts: it memoises identical lines (same days and head count or area), which
            roughly halves the time of a run; `dataclasses.replace` gives a fresh memo.
        ResidentSpan(person_key, date_from, date_to | None)           (date_to inclusive)
        MeterUsage(meter_key, readings: tuple[ZoneReading] | None, history={zone: [V...]},
                   periods_without_readings=0, verification_due: date | None = None)
        ZoneReading(zone, previous, current, old_final=None, new_initial=None)
        BuildingData(volume | None, premises_area, premises_volume=0, common_area=0,
                     common_norm: Timeline | None = None, cap_disabled=False)
        Method: METERED, NORM, AREA, HEATING_AREA_NORM, HEATING_BUILDING_METER,
                COMMON_NEEDS, FIXED — each registered once in `app.calc.methods.METHODS`
                (handler, memo key, basis sources, explanation, what the loader fetches,
                Russian title); `applicable_method` says which one charges a premise
    Dated values — `app.calc.timeline`: DatedValue(date_from, date_to | None, value),
        Timeline.of(*values), Timeline.const(value, date_from=date.min).
    Basis (`app.calc.basis`, NamedTuple): method, source, unit, days_in_month, days, exact,
        tariff, volume, norm, residents, area, coefficient, pieces, residents_whole,
        residents_detail, owners_used, readings, average_months, fallback,
        periods_without_readings, verification_due, building, units; `.zones`,
        `.to_json()` (JSON-safe), `.explain()` (plain Russian).

Recalculation — `app.calc.recalculation`: recalculate(old_lines, new_lines) ->
    [Recalculation(service_code, supplier_key, amount = new − old, old_basis, new_basis)]
Penalties — `app.calc.penalty`
    calculate_penalties(debts: [PeriodDebt], payments: [PenaltyPayment], calc_date,
                        rules: PenaltyRules, accrue_from=None) -> [PenaltyLine]
    penalty_for_debt(debt, due, repayments, calc_date, rules, capital_repair=False,
                     accrue_from=None) -> (exact kopecks, [PenaltyPiece])
    due_date(period, rules); federal_defaults(include_2022_moratorium=False) -> PenaltyRules
Payment split — `app.calc.payment_split`
    split_document_payment(amount, period, lines: [DocumentLine], debts: [Debt] = (),
                           named: {service_code: kopecks} | None = None) -> [Allocation]
    split_without_document(amount, debts) -> [Allocation]    (period None = advance)
Absence — `app.calc.absence`: qualifies, days_away_in, applies_to, absence_reduction,
    absence_reduction_for(line, period, left_on, returned_on, persons=1)
Quality — `app.calc.quality`: interruption_reduction(charge, hours, InterruptionRule),
    hot_water_temperature_reduction(charge, [TemperatureEpisode]), FEDERAL_INTERRUPTION_RULES
Identifiers — `app.calc.account_number` (Damm check digit): make_account_number,
    check_account_number, is_valid_account_number; `app.calc.snils`: check_snils, is_valid_snils
Money and periods — `app.calc.money`, `app.calc.period`.
"""
