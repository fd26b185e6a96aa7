import pytest

from zhicheng.identity import creditcode


def test_known_valid_code() -> None:
    # A published code of a real company (Alibaba (China) Co., Ltd.).
    assert creditcode.validate("91330100799655058B") == "91330100799655058B"


def test_check_char_is_computed() -> None:
    assert creditcode.check_char("91330100799655058") == "B"


@pytest.mark.parametrize(("code", "message"), [
    ("91330100799655058A", "校验位"),
    ("9133010079965505", "18位"),
    ("91330100799655O58B", "不允许的字符"),
    ("91AB0100799655058B", "行政区划码"),
])
def test_bad_codes(code: str, message: str) -> None:
    with pytest.raises(creditcode.CreditCodeError, match=message):
        creditcode.validate(code)
