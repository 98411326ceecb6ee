"""Personal identity numbers in interview notes: found only when the date exists and the
check digit is right, in every common way of writing them; masked; phone numbers, dates
and other numbers left alone. Pure, no database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from platskraft.analysis.text_privacy import (
    PERSONNUMMER,
    SAMORDNINGSNUMMER,
    find_identity_numbers,
    luhn_check_digit,
    mask_identity_numbers,
)


def valid(nine: str) -> str:
    """The ten digits YYMMDDNNNC with the right check digit."""
    return nine + str(luhn_check_digit(nine))


def wrong(nine: str) -> str:
    return nine + str((luhn_check_digit(nine) + 1) % 10)


def test_check_digit_of_the_tax_agencys_example():
    # Skatteverket's worked example: 811218-987 → check digit 6.
    assert luhn_check_digit("811218987") == 6
    assert luhn_check_digit("640823323") == 4


@pytest.mark.parametrize(
    "written",
    [
        "811218-9876",
        "811218+9876",
        "811218 9876",
        "8112189876",
        "19811218-9876",
        "198112189876",
        "19811218 9876",
        "811218\u20139876",  # an en dash, as word processors write it
    ],
)
def test_every_way_of_writing_a_valid_number_is_found(written):
    text = f"Respondenten ({written}) bor i Ytterlännäs."
    found = find_identity_numbers(text)
    assert [(n.kind, n.text) for n in found] == [(PERSONNUMMER, written)]
    assert text[found[0].start : found[0].end] == written


def test_coordination_number_has_sixty_added_to_the_day():
    number = valid("811278987")  # 18 December + 60
    (found,) = find_identity_numbers(f"samordningsnummer {number[:6]}-{number[6:]}")
    assert found.kind == SAMORDNINGSNUMMER
    # Day 78 − 60 = 18 is fine; day 92 − 60 = 32 does not exist.
    assert find_identity_numbers(valid("811292987")) == []


@pytest.mark.parametrize("nine", ["811218987", "640823323", "000229123", "120229555"])
def test_a_wrong_check_digit_is_not_an_identity_number(nine):
    assert len(find_identity_numbers(valid(nine))) == 1
    assert find_identity_numbers(wrong(nine)) == []
    assert find_identity_numbers(wrong(nine)[:6] + "-" + wrong(nine)[6:]) == []


@pytest.mark.parametrize(
    "nine",
    [
        "811318987",  # month 13
        "810018987",  # month 0
        "811200987",  # day 0
        "810231987",  # 31 February
        "810431987",  # 31 April
        "810229987",  # 29 February 1981 / 2081: never a leap year
    ],
)
def test_dates_that_do_not_exist_are_not_identity_numbers(nine):
    assert find_identity_numbers(valid(nine)) == []


def test_leap_days_exist_in_leap_years_only():
    assert len(find_identity_numbers(valid("000229123"))) == 1  # 2000
    assert len(find_identity_numbers("20000229" + valid("000229123")[6:])) == 1
    assert find_identity_numbers("19000229" + valid("000229123")[6:]) == []  # 1900: no
    assert len(find_identity_numbers(valid("840229123"))) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Ring mig på 070-123 45 67 eller 0701-23 45 67.",
        "Telefon: +46 70 123 45 67, växel 0612-800 00.",
        "Mobil 0701234567 eller 46701234567.",
        "Ordernummer 12345678901234 och postnummer 872 80.",
        "Mötet 2026-03-14 kl. 18.30 i Folkets hus.",
        "Vi var 1200 personer 2024 och 1300 personer 2025.",
        "Fakturanummer 1234567890123",
    ],
)
def test_phone_numbers_dates_and_other_numbers_are_left_alone(text):
    assert find_identity_numbers(text) == []
    assert mask_identity_numbers(text) == (text, 0)


def test_a_number_inside_a_longer_run_of_digits_is_not_one():
    number = valid("811218987")
    assert find_identity_numbers("1" + number) == []
    assert find_identity_numbers(number + "1") == []
    assert find_identity_numbers("99" + number + "99") == []


def test_twelve_digits_need_a_real_century():
    tail = valid("811218987")[2:]
    assert find_identity_numbers("1781" + tail) == []  # 17xx is no century of ours
    assert [n.text for n in find_identity_numbers("1981" + tail)] == ["1981" + tail]


def test_masking_replaces_every_number_and_counts_them():
    first, second = valid("811218987"), valid("640823323")
    text = (
        f"Anna, {first[:6]}-{first[6:]}, och Per 19{second}. "
        f"Ring 070-123 45 67. Samordning: {valid('811278987')}."
    )
    masked, count = mask_identity_numbers(text)
    assert count == 3
    assert masked == (
        "Anna, [personnummer], och Per [personnummer]. "
        "Ring 070-123 45 67. Samordning: [samordningsnummer]."
    )
    assert find_identity_numbers(masked) == []


def test_masking_with_a_replacement_of_ones_own():
    number = valid("811218987")
    masked, count = mask_identity_numbers(
        f"nr {number[:6]}-{number[6:]}", replacement=lambda n: n.text[:6] + "-****"
    )
    assert (masked, count) == ("nr 811218-****", 1)


def test_adjacent_numbers_are_found_one_by_one():
    a, b = valid("811218987"), valid("640823323")
    found = find_identity_numbers(f"{a}, {b}\n{a[:6]}+{a[6:]}")
    assert [n.text for n in found] == [a, b, f"{a[:6]}+{a[6:]}"]


@given(st.text(alphabet="0123456789 -+abc\n", max_size=80))
def test_masked_text_never_contains_a_valid_number(text):
    masked, count = mask_identity_numbers(text)
    assert find_identity_numbers(masked) == []
    assert count == len(find_identity_numbers(text))
