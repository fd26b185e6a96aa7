"""Fee payment behind one interface: the manual default has the office record what it saw
(a bank transfer, a receipt at the counter); an online provider plugs in the same way."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Instructions:
    """What the applicant is told to do to pay."""

    text: str
    url: str = ""


class PaymentBackend:
    name = "base"

    def instructions(self, fee: object) -> Instructions:
        raise NotImplementedError

    def confirm(self, fee: object, reference: str) -> bool:
        """Whether the provider confirms payment `reference` for this fee."""
        raise NotImplementedError


class ManualBackend(PaymentBackend):
    """No provider: the office checks the payment itself and records it."""

    name = "manual"

    def instructions(self, fee: object) -> Instructions:
        return Instructions("请按评委会办公室通知的方式缴纳评审费（银行转账或现场缴费），"
                            "缴费后由评委会办公室登记确认。")

    def confirm(self, fee: object, reference: str) -> bool:
        return True


def backend() -> PaymentBackend:
    path = getattr(settings, "PAYMENT_BACKEND", "zhicheng.reviews.payments.ManualBackend")
    return import_string(path)()
