"""`kvartal pay --scan PAYLOAD [--amount 1234.56] [--card] [--cashier LOGIN]`: take a payment
for a scanned payment document (GOST QR, the desk's Code128, or an account number) and print
the posted payment and its split as JSON, amounts in kopecks: `period` YYYYMM the part pays
(null: an advance), `service` the service code, `supplier` the supplier's ИНН.

The idempotency key is `--key`, or by default derived from the payload, amount, form and day:
running the same command twice the same day posts once.

With `--cashier` whose shift is open, the payment is taken in that shift as at the desk: it is
numbered there, its receipt is saved as a PDF and queued for the fiscal register, and it counts
in the shift's X- and Z-reports (`receipt` in the JSON: the number, else null).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
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
    from app.cashdesk.fiscal import default_driver, send_queued
    from app.cashdesk.intake import read_scan
    from app.cashdesk.posting import PaymentRequest, post_payment
    from app.cashdesk.receipts import save_receipt
    from app.cashdesk.shifts import current_shift, take_payment
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
        req = PaymentRequest(
            key=args.key or default_key(doc.scan.payload, amount, card, date.today()),
            account=doc.account, amount=amount,
            channel=(PaymentChannel.CARD if card else PaymentChannel.CASH).value,
            period=doc.period, penalty=doc.scan.penalty or 0)
        shift = current_shift(db, actor) if args.cashier else None
        receipt_file = None
        if shift is None:
            posted = post_payment(db, actor, req)
        else:
            taken = take_payment(db, actor, shift.shift_id, req)
            posted = taken.posted
            if taken.receipt is not None:
                try:
                    receipt_file = str(save_receipt(taken.receipt))
                except OSError as exc:
                    print(f"Чек не сохранён в файл: {exc.strerror}", file=sys.stderr)
                send_queued(db, actor, default_driver())
    finally:
        db.engine.dispose()
    print(json.dumps({
        "payment_id": posted.payment_id, "account": posted.account, "amount": posted.amount,
        "already_posted": posted.already_posted,
        "receipt": posted.receipt_number, "receipt_file": receipt_file,
        "split": [{"period": line.period, "service": line.service_code,
                   "supplier": line.supplier_inn or None, "amount": line.amount}
                  for line in posted.split],
    }, ensure_ascii=False, indent=2))
    return 0
