"""`kvartal pay --scan PAYLOAD [--amount 1234.56] [--card] [--cashier LOGIN]`: take a payment
for a scanned payment document (GOST QR, the desk's Code128, or an account number) and print
the posted payment and its split as JSON, amounts in kopecks: `period` YYYYMM the part pays
(null: an advance), `service` the service code, `supplier` the supplier's ИНН.

The idempotency key is `--key`, or by default derived from the payload, amount, form and day:
running the same command twice the same day posts once.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from datetime import date

from app.cli_support import add_subcommand, cashier_of, open_db


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "pay", "принять платёж по коду платёжного документа")
    p.add_argument("--scan", required=True,
                   help="содержимое QR-кода, штрихкода кассы или номер лицевого счёта")
    p.add_argument("--amount", help="сумма, ₽ (по умолчанию — сумма к оплате из кода или долг)")
    p.add_argument("--card", action="store_true", help="оплата картой (по умолчанию наличные)")
    p.add_argument("--cashier", help="логин кассира (по умолчанию — системный пользователь)")
    p.add_argument("--key", help="ключ идемпотентности: повтор с тем же ключом не проводится")
    p.set_defaults(func=run)


def default_key(payload: str, amount: int, card: bool, day: date) -> str:
    digest = hashlib.sha256(f"{payload}|{amount}|{card}|{day}".encode()).hexdigest()
    return f"cli:{digest[:40]}"


def run(args: argparse.Namespace) -> int:
    from app.calc.money import parse_rub
    from app.cashdesk.intake import read_scan
    from app.cashdesk.posting import PaymentRequest, post_payment
    from app.errors import DomainError
    from app.models.enums import PaymentChannel

    db = open_db(args)
    try:
        actor = cashier_of(args, db)
        doc = read_scan(db, actor, args.scan)
        try:
            amount = parse_rub(args.amount) if args.amount else doc.amount_due
        except ValueError as exc:
            raise DomainError(str(exc)) from None
        card = bool(args.card)
        posted = post_payment(db, actor, PaymentRequest(
            key=args.key or default_key(doc.scan.payload, amount, card, date.today()),
            account=doc.account, amount=amount,
            channel=(PaymentChannel.CARD if card else PaymentChannel.CASH).value,
            period=doc.period, penalty=doc.scan.penalty or 0))
    finally:
        db.engine.dispose()
    print(json.dumps({
        "payment_id": posted.payment_id, "account": posted.account, "amount": posted.amount,
        "already_posted": posted.already_posted,
        "split": [{"period": line.period, "service": line.service_code,
                   "supplier": line.supplier_inn or None, "amount": line.amount}
                  for line in posted.split],
    }, ensure_ascii=False, indent=2))
    return 0
