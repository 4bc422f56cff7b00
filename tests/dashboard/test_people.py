"""Roles, what each may change, passwords and the lockout rule (dashboard.people)."""

from __future__ import annotations

import datetime as dt

import argon2
import pytest

from dashboard import people, schema
from dashboard.filters import Remit
from dashboard.people import User
from tests.conftest import PRODUCT_PASSWORD_COST

T0 = dt.datetime(2026, 5, 12, 10, 0)
GOVERNOR = User("gov", "Gov", "governor", "IR-15")
COUNTY = User("kh", "Kh", "county", "IR-15", 1279146)
COMMITTEE = User("welfare", "W", "committee", "IR-15", agency="welfare")
NATIONAL = User("nat", "N", "national")


def test_the_roles_are_the_schemas() -> None:
    assert tuple(people.ROLES) == schema.ROLES


@pytest.mark.parametrize(
    ("user", "area", "agency", "allowed"),
    [
        (GOVERNOR, ("IR-15", None), "guilds", True),
        (GOVERNOR, ("IR-15", 1279146), "welfare", True),
        (GOVERNOR, ("IR-23", None), "guilds", False),
        (COUNTY, ("IR-15", 1279146), "guilds", True),
        (COUNTY, ("IR-15", None), "guilds", False),  # province-wide: not the county's
        (COUNTY, ("IR-15", 1279147), "guilds", False),
        (COMMITTEE, ("IR-15", 1279146), "welfare", True),
        (COMMITTEE, ("IR-15", None), "guilds", False),
        (COMMITTEE, ("IR-23", None), "welfare", False),
        (NATIONAL, ("IR-15", None), "welfare", False),
        (User("d", "D", "data_officer", "IR-15"), ("IR-15", None), "welfare", False),
        (User("a", "A", "admin"), ("IR-15", None), "welfare", False),
    ],
)
def test_who_may_edit_which_task(user: User, area, agency: str, allowed: bool) -> None:
    assert user.may_edit(*area, agency) is allowed


def test_raising_and_answering() -> None:
    assert GOVERNOR.may_raise("IR-15", "national") and GOVERNOR.may_raise("IR-15", "provincial")
    assert not GOVERNOR.may_raise("IR-23", "provincial")
    assert COMMITTEE.may_raise("IR-15", "provincial")
    assert not COMMITTEE.may_raise("IR-15", "national")
    assert not COUNTY.may_raise("IR-15", "provincial") and not NATIONAL.may_raise(
        "IR-15", "national"
    )
    assert GOVERNOR.may_answer("IR-15") and not GOVERNOR.may_answer("IR-23")
    assert not COMMITTEE.may_answer("IR-15") and not NATIONAL.may_answer("IR-15")


def test_a_users_remit_is_their_area() -> None:
    assert GOVERNOR.remit == Remit("IR-15") and COUNTY.remit == Remit("IR-15", 1279146)
    assert NATIONAL.remit == Remit() and COMMITTEE.remit == Remit("IR-15")


@pytest.mark.parametrize(
    ("role", "province", "county", "agency", "wrong"),
    [
        ("governor", None, None, None, "needs --province"),
        ("governor", "IR-15", 1, None, "takes no --county"),
        ("county", "IR-15", None, None, "needs --county"),
        ("committee", "IR-15", None, None, "needs --agency"),
        ("national", "IR-15", None, None, "takes no --province"),
        ("governor", "IR-15", None, "welfare", "takes no --agency"),
        ("mayor", None, None, None, "unknown role"),
    ],
)
def test_a_role_that_does_not_fit_its_area_is_refused(role, province, county, agency, wrong):
    with pytest.raises(ValueError, match=wrong):
        people.check_user(role, province, county, agency)


def test_a_data_officer_is_provincial_or_national() -> None:
    people.check_user("data_officer", "IR-15", None, None)
    people.check_user("data_officer", None, None, None)


def test_passwords_are_argon2id_and_at_least_ten_characters() -> None:
    with pytest.raises(ValueError, match="at least 10"):
        people.hash_password("nine-char")
    stored = people.hash_password("ten-chars!")
    assert stored.startswith("$argon2id$") and "ten-chars!" not in stored
    assert people.verify(stored, "ten-chars!")
    assert not people.verify(stored, "ten-chars?")
    assert not people.verify(None, "ten-chars!")  # an unknown user
    assert not people.verify("not a hash", "ten-chars!")


def test_the_product_hashes_at_rfc_9106_s_low_memory_cost() -> None:
    """The tests hash cheaply (tests/conftest.py); the product at 64 MiB and three passes."""
    assert PRODUCT_PASSWORD_COST == argon2.profiles.RFC_9106_LOW_MEMORY
    stored = argon2.PasswordHasher.from_parameters(PRODUCT_PASSWORD_COST).hash("ten-chars!")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert people.verify(stored, "ten-chars!"), "verification reads the cost from the hash"


def test_usernames_are_stored_in_lower_case() -> None:
    assert people.check_username(" Gov.Lorestan ") == "gov.lorestan"
    for bad in ("a", "has space", "-lead", "x" * 81, "نام"):
        with pytest.raises(ValueError, match="username"):
            people.check_username(bad)


def _at(*minutes: float) -> list[dt.datetime]:
    return [T0 + dt.timedelta(minutes=m) for m in minutes]


def test_five_failures_within_fifteen_minutes_lock_for_fifteen_minutes() -> None:
    failures = _at(0, 1, 2, 3, 14)
    assert people.locked_until(failures[:4], T0 + dt.timedelta(minutes=5)) is None
    end = T0 + dt.timedelta(minutes=29)
    assert people.locked_until(failures, T0 + dt.timedelta(minutes=14)) == end
    assert people.locked_until(failures, end - dt.timedelta(seconds=1)) == end
    assert people.locked_until(failures, end) is None  # the lockout has expired


def test_exactly_fifteen_minutes_apart_still_counts_and_more_does_not() -> None:
    assert people.locked_until(_at(0, 5, 10, 12, 15), T0 + dt.timedelta(minutes=16)) is not None
    assert people.locked_until(_at(0, 5, 10, 12, 15.01), T0 + dt.timedelta(minutes=16)) is None


def test_failures_before_an_expired_lockout_count_no_more() -> None:
    failures = _at(0, 1, 2, 3, 4, 40)  # locked 4..19; one more failure at 40
    assert people.locked_until(failures, T0 + dt.timedelta(minutes=41)) is None
    again = failures + _at(41, 42, 43, 44)
    assert people.locked_until(again, T0 + dt.timedelta(minutes=45)) == T0 + dt.timedelta(
        minutes=59
    )
