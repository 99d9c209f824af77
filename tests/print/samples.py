"""A payment document as plain data, for the renderer's own tests (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.print.epd_data import (
    EpdDocument,
    MeterLine,
    Party,
    PayeeShare,
    Payment,
    Recalculation,
    Reference,
    ServiceLine,
)

BANK = dict(bank_name="ПАО КБ «УБРиР»", bik="046577795",
            corr_account="30101810900000000795")
COMPANY = Party(name="ООО «УК «Заречье»", inn="6642197721", kpp="664201001",
                address="624250, г. Заречный, ул. Ленина, д. 1", phone="+7 (34377) 24-68-12",
                email="uk@zarechye.example", dispatcher_phone="+7 (34377) 23-64-27",
                settlement_account="40702810859919777560", **BANK)
CENTRE = Party(name="МУП «ЕРЦ»", inn="6629826579", kpp="662901001",
               address="624250, г. Заречный, ул. Мира, д. 8", phone="+7 (34377) 23-73-74",
               settlement_account="40702810364990831970", **BANK)
WATER = Party(name="МУП «Водоканал»", inn="6629061055", kpp="662901001",
              settlement_account="40702810888581976225", **BANK)

QR = ("ST00012|Name=МУП «ЕРЦ»|PersonalAcc=40702810364990831970|BankName=ПАО КБ «УБРиР»|"
      "BIC=046577795|CorrespAcc=30101810900000000795|PayeeINN=6629826579|KPP=662901001|"
      "Sum=512345|Purpose=Оплата ЖКУ за 09.2026, л/с 0000010019|PersAcc=0000010019|"
      "PaymPeriod=092026|TechCode=02|LastName=Иванова|FirstName=Анна|MiddleName=Петровна|"
      "PayerAddress=г. Заречный, ул. Ленина, д. 5, кв. 12")
DESK = "0000010019202609000051234507"


def line(service: str, unit: str, volume: str | None, tariff: str, charged: int,
         recalculated: int = 0, common: str | None = None) -> ServiceLine:
    return ServiceLine(service=service, unit=unit,
                       volume=Decimal(volume) if volume else None,
                       common_volume=Decimal(common) if common else None,
                       tariff=(Decimal(tariff),), charged=charged, recalculated=recalculated,
                       penalty=0, paid=0, closing=charged + recalculated)


def sample_epd(qr: str = QR, desk: str = DESK) -> EpdDocument:
    lines = (
        line("Содержание жилого помещения", "м²", "54.3", "33.95", 184348),
        line("Холодное водоснабжение", "м³", "5", "50.96", 25480, recalculated=-5096),
        line("Горячее водоснабжение", "м³", "3", "262.89", 78867),
        line("Водоотведение", "м³", "8", "42.39", 33912),
        line("ХВС на содержание общего имущества", "м³", None, "50.96", 487, common="0.0956"),
        line("Взнос на капитальный ремонт", "м²", "54.3", "13.69", 74337),
    )
    charged = sum(x.charged for x in lines)
    recalculated = sum(x.recalculated for x in lines)
    opening = 120000
    paid = 100000
    closing = opening + charged + recalculated - paid
    return EpdDocument(
        period_title="сентябрь 2026", period_code=202609, account_number="0000010019",
        payer_name="Иванова Анна Петровна",
        address="624250, г. Заречный, ул. Ленина, д. 5, кв. 12",
        total_area=Decimal("54.3"), living_area=Decimal("38.1"), account_area=Decimal("54.3"),
        residents=3, company=COMPANY, collector=CENTRE,
        payees=(PayeeShare(COMPANY, ("Содержание жилого помещения",), 184348),
                PayeeShare(WATER, ("Холодное водоснабжение", "Водоотведение"), 54296)),
        lines=lines,
        recalculations=(Recalculation("Холодное водоснабжение", "август 2026", -5096,
                                      "показания переданы позже"),),
        meters=(MeterLine("Холодное водоснабжение", "10794970", "", Decimal(145),
                          Decimal(150), Decimal(5)),),
        payments=(Payment(date(2026, 9, 12), paid),),
        reference=Reference(Decimal("3120.5"), Decimal("2890.1"), Decimal("230.4"),
                            (("Водоотведение", Decimal("7.845"), "м³/чел."),),
                            (("ХВС на содержание общего имущества", Decimal("412.5"),
                              Decimal("398"), "м³"),)),
        opening=opening, charged=charged, recalculated=recalculated, penalty=0, paid=paid,
        corrected=0, closing=closing, pay_by=date(2026, 10, 15),
        qr_payload=qr, qr_data=qr.encode("utf-8"), desk_code=desk,
    )
