"""`kvartal refund --payment ID --reason TEXT --cashier LOGIN [--key KEY]`: return a payment
taken earlier (its shift closed, or a bank's) from the cashier's open shift — the reversed
split in the open period, a «возврат прихода» receipt saved and queued for the register, the
refund audited. Needs the right «отмена и возврат платежей». Prints JSON, amounts in kopecks.
A payment inside a shift still open is cancelled at the desk (F12), not refunded."""

from __future__ import annotations

import argparse
import json
import sys

from app.cli_support import add_subcommand, open_db


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "refund", "возврат платежа после закрытия смены")
    p.add_argument("--payment", required=True, type=int, help="номер платежа (payment_id)")
    p.add_argument("--reason", required=True, help="причина возврата")
    p.add_argument("--cashier", required=True,
                   help="логин кассира: возврат выдаётся из его открытой смены")
    p.add_argument("--key", help="ключ возврата (по умолчанию refund:<платёж>)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from app.cashdesk.fiscal import default_driver, send_queued
    from app.cashdesk.intake import cashier_actor
    from app.cashdesk.receipts import save_receipt
    from app.cashdesk.shifts import current_shift, refund_payment
    from app.errors import DomainError

    db = open_db(args)
    try:
        actor = cashier_actor(db, args.cashier)
        shift = current_shift(db, actor)
        if shift is None:
            raise DomainError(f"У кассира {actor.login} нет открытой смены: возврат выдаётся "
                              "из открытой смены")
        receipt = refund_payment(db, actor, args.payment, shift.shift_id, args.reason,
                                 args.key or f"refund:{args.payment}")
        receipt_file = None
        try:
            receipt_file = str(save_receipt(receipt))
        except OSError as exc:
            print(f"Чек не сохранён в файл: {exc.strerror}", file=sys.stderr)
        send_queued(db, actor, default_driver())
    finally:
        db.engine.dispose()
    print(json.dumps({"refund_of": args.payment, "amount": receipt.total,
                      "shift": shift.number, "receipt": receipt.number,
                      "receipt_file": receipt_file}, ensure_ascii=False, indent=2))
    return 0
