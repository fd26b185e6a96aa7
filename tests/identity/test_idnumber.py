from datetime import date

import pytest

from zhicheng.identity import idnumber
from zhicheng.identity.idnumber import IdNumberError


def test_valid_resident_id_gives_birth_date_and_sex() -> None:
    facts = idnumber.parse_resident_id("11010519491231002X")
    assert facts.birth_date == date(1949, 12, 31)
    assert facts.sex == "female"
    assert facts.number == "11010519491231002X"


def test_lower_case_x_and_spaces_are_normalised() -> None:
    assert idnumber.parse_resident_id(" 11010519491231002x ").number == "11010519491231002X"


def test_full_width_digits_are_normalised() -> None:
    assert idnumber.normalise("１１０１０５") == "110105"


@pytest.mark.parametrize("number", [
    "110105194912310021",   # forged: wrong check digit
    "11010519491231002",    # 17 digits
    "1101051949123100211",  # 19 digits
    "11010519491331002X",   # month 13
    "99010519491231002X",   # no such province
    "A1010519491231002X",
])
def test_malformed_resident_ids_are_refused(number: str) -> None:
    with pytest.raises(IdNumberError):
        idnumber.parse_resident_id(number)


def test_forged_check_digit_message_says_so() -> None:
    with pytest.raises(IdNumberError, match="校验位"):
        idnumber.parse_resident_id("110105194912310021")


def test_birth_date_in_the_future_is_refused() -> None:
    first17 = "11010520300101001"
    with pytest.raises(IdNumberError, match="出生日期"):
        idnumber.parse_resident_id(first17 + idnumber.check_digit(first17),
                                   today=date(2026, 11, 23))


def test_check_digit_matches_gb11643_examples() -> None:
    assert idnumber.check_digit("11010519491231002") == "X"


@pytest.mark.parametrize(("id_type", "number"), [
    ("passport", "E12345678"),
    ("hk_macao_permit", "H12345678"),
    ("taiwan_permit", "12345678"),
    ("foreign_permanent_id", "USA123456789012"),
])
def test_other_document_types(id_type: str, number: str) -> None:
    assert idnumber.parse(id_type, number).number == number


def test_new_foreigner_card_checks_digit() -> None:
    first17 = "93384019800101001"
    good = first17 + idnumber.check_digit(first17)
    assert idnumber.parse("foreign_permanent_id", good).birth_date == date(1980, 1, 1)
    bad = first17 + ("0" if good[-1] != "0" else "1")
    with pytest.raises(IdNumberError):
        idnumber.parse("foreign_permanent_id", bad)


@pytest.mark.parametrize(("id_type", "number"), [
    ("passport", "E1"), ("hk_macao_permit", "X12345678"), ("taiwan_permit", "1234"),
    ("foreign_permanent_id", "12345"), ("nonsense", "123"), ("resident_id", ""),
])
def test_other_types_refuse_bad_numbers(id_type: str, number: str) -> None:
    with pytest.raises(IdNumberError):
        idnumber.parse(id_type, number)


def test_masks() -> None:
    assert idnumber.mask("11010519491231002X") == "1101**********002X"
    assert idnumber.mask("E12345678") == "E123*5678"
    assert idnumber.mask("") == ""
    assert idnumber.mask_mobile("13812345678") == "138****5678"


def test_pure_module_imports_no_django() -> None:
    import ast
    import inspect

    for module in (idnumber,):
        tree = ast.parse(inspect.getsource(module))
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert not any(n.startswith("django") for n in names)
