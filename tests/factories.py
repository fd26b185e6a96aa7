"""Small factories for tests: real rows, no fixtures files, no mocks."""

from __future__ import annotations

import itertools
import random
from datetime import date
from typing import Any

from zhicheng.accounts.models import User
from zhicheng.identity.creditcode import check_char
from zhicheng.identity.idnumber import check_digit
from zhicheng.orgs.models import Organisation, OrgKind, OrgStatus, Ownership, Role, RoleGrant

PASSWORD = "Kexue-Jishu-2026"
_seq = itertools.count(1)


def resident_id(born: date = date(1990, 3, 7), male: bool = True, region: str = "330402") -> str:
    seq = next(_seq) % 100
    sex_digit = random.choice("13579" if male else "02468")
    first17 = f"{region}{born:%Y%m%d}{seq:02d}{sex_digit}"
    return first17 + check_digit(first17)


def credit_code() -> str:
    first17 = f"913304027{next(_seq):08d}"
    return first17 + check_char(first17)


def mobile() -> str:
    return f"139{next(_seq):08d}"


def make_user(**extra: Any) -> User:
    born = extra.pop("birth_date", date(1990, 3, 7))
    male = extra.pop("male", True)
    fields = {"name": f"测试用户{next(_seq)}", "sex": "male" if male else "female",
              "id_type": "resident_id", "id_number": resident_id(born, male),
              "birth_date": born, "mobile": mobile(), "email": "t@example.com"}
    fields.update(extra)
    user = User(**fields)
    user.set_password(PASSWORD)
    user.save()
    return user


def make_committee(name: str = "测试评审委员会") -> Organisation:
    return Organisation.objects.create(kind=OrgKind.COMMITTEE, name=name)


def make_department(committee: Organisation | None = None, name: str = "测试受理点"
                    ) -> Organisation:
    return Organisation.objects.create(kind=OrgKind.DEPARTMENT, name=name,
                                       parent=committee or make_committee())


def make_employer(department: Organisation | None = None, status: str = OrgStatus.APPROVED,
                  name: str | None = None) -> Organisation:
    return Organisation.objects.create(
        kind=OrgKind.EMPLOYER, name=name or f"测试科技有限公司{next(_seq)}",
        credit_code=credit_code(), parent=department or make_department(), status=status,
        ownership=Ownership.PRIVATE, region="浙江省嘉兴市")


def grant(user: User, role: str, org: Organisation) -> RoleGrant:
    return RoleGrant.objects.create(user=user, role=role, organisation=org)


def act_as(client: Any, g: RoleGrant | None) -> None:
    """Switch the signed-in client to the grant's role (the password counts as just typed)."""
    from zhicheng.orgs.acting import SESSION_KEY

    session = client.session
    session[SESSION_KEY] = str(g.pk) if g else Role.APPLICANT
    session.save()
    password_typed(client)


def password_typed(client: Any, minutes_ago: float = 0) -> None:
    """Mark when the client's session last typed the password (core.access.recent_auth).

    `force_login` counts as typing it now; pass minutes_ago to make the session stale.
    """
    import time

    from zhicheng.core.access import AUTH_AT

    session = client.session
    session[AUTH_AT] = int(time.time() - minutes_ago * 60)
    session.save()


def pdf_bytes(pages: int = 1) -> bytes:
    """A real PDF of blank A4 pages (uploads are parsed: a bare header is refused)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


PDF_BYTES = pdf_bytes()


def png_bytes() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buf, "PNG")
    return buf.getvalue()
