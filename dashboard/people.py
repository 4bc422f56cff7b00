"""Who may sign in, see and change what: roles, a user's area, passwords and lockout.

The rules are data here and are checked twice: the frame shows only what a role may do, and
queries.task_writes refuses, in the write's own transaction, anything it may not.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Sequence

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from dashboard.filters import Remit

MIN_PASSWORD = 10
MAX_PASSWORD = 256
FAILURES = 5  # failed sign-ins within WINDOW lock an account ...
WINDOW = dt.timedelta(minutes=15)
LOCKED_FOR = dt.timedelta(minutes=15)  # ... for this long
USERNAME = re.compile(r"[a-z0-9][a-z0-9._@-]{1,79}")
LEVELS = ("provincial", "national")  # an escalation is raised to its province, or the country
PROVINCIAL, NATIONAL = LEVELS


@dataclasses.dataclass(frozen=True)
class Role:
    """What a role sees and does.

    area: the area a user of the role is given: "national" (none), "province", "county", or
    "either" (a province or national). agency: the role belongs to one agency. data: sees the
    five data pages. edits: which tasks it may change ("province", "county", "agency" of its
    province, or "" for none). levels: the escalation levels it may raise. answers: the
    escalation levels it answers (provincial: its province's; national: any province's, for a
    role over the country). imports: the Data page and imports. admin: users and audit.
    """

    name: str
    area: str
    agency: bool = False
    data: bool = True
    edits: str = ""
    levels: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()
    imports: bool = False
    admin: bool = False


ROLES = {
    role.name: role
    for role in (
        Role("national", "national", answers=(NATIONAL,)),
        Role("governor", "province", edits="province", levels=LEVELS, answers=(PROVINCIAL,)),
        Role("director", "province", edits="province", levels=LEVELS, answers=(PROVINCIAL,)),
        Role("county", "county", edits="county"),
        Role("committee", "province", agency=True, edits="agency", levels=(PROVINCIAL,)),
        Role("data_officer", "either", imports=True),
        Role("admin", "national", data=False, admin=True),
    )  # fmt: skip
}


@dataclasses.dataclass(frozen=True)
class User:
    """A signed-in official: who, in which role, over which area and agency."""

    username: str
    display_name: str
    role: str
    province_code: str | None = None
    county_id: int | None = None
    agency: str | None = None

    @property
    def rights(self) -> Role:
        """The user's role."""
        return ROLES[self.role]

    @property
    def remit(self) -> Remit:
        """The area the user may see: every Filters value of theirs stays inside it."""
        return Remit(self.province_code, self.county_id)

    def may_edit(self, province_code: str, county_id: int | None, agency: str) -> bool:
        """May the user change (or add) a task of this area and agency?"""
        edits = self.rights.edits
        if not edits or province_code != self.province_code:
            return False
        if edits == "county":
            return county_id is not None and county_id == self.county_id
        if edits == "agency":
            return agency == self.agency
        return True

    def may_raise(self, province_code: str, level: str) -> bool:
        """May the user raise a problem of this province to this level?"""
        return level in self.rights.levels and province_code == self.province_code

    def may_answer(self, province_code: str, level: str = PROVINCIAL) -> bool:
        """May the user answer an escalation of this province raised to this level? The level's
        own role answers it: a governor or director their province's provincial ones, the
        national role the national ones of any province; nobody else."""
        return level in self.rights.answers and self.province_code in (None, province_code)


def check_user(role: str, province: str | None, county: int | None, agency: str | None) -> None:
    """Raise ValueError when a role does not fit the area and agency given (a governor needs a
    province and no county, a committee member an agency, ...)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
    rights = ROLES[role]
    needs = {
        "national": (False, False),
        "province": (True, False),
        "county": (True, True),
        "either": (None, False),
    }[rights.area]
    if needs[0] is not None and needs[0] != (province is not None):
        raise ValueError(f"role {role} {'needs' if needs[0] else 'takes no'} --province")
    if needs[1] != (county is not None):
        raise ValueError(f"role {role} {'needs' if needs[1] else 'takes no'} --county")
    if rights.agency != (agency is not None):
        raise ValueError(f"role {role} {'needs' if rights.agency else 'takes no'} --agency")


def check_username(username: str) -> str:
    """The username as stored (lower case); ValueError when it is not 2-80 of a-z 0-9 . _ @ -
    starting with a letter or digit."""
    name = username.strip().lower()
    if not USERNAME.fullmatch(name):
        raise ValueError(
            f"username {username!r}: 2-80 characters of a-z, 0-9, '.', '_', '@', '-', "
            "starting with a letter or digit"
        )
    return name


def check_password(password: str) -> None:
    """ValueError when a password is too short or too long (the reason, never the password)."""
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise ValueError(f"a password has at most {MAX_PASSWORD} characters")


# argon2id's cost when a password is hashed (RFC 9106's low-memory choice: 64 MiB, three
# passes, 0.15 s here); a hash carries its cost, which verification reads from it
PASSWORD_COST = profiles.RFC_9106_LOW_MEMORY


@functools.cache
def _hasher() -> PasswordHasher:
    return PasswordHasher.from_parameters(PASSWORD_COST)


def hash_password(password: str) -> str:
    """The argon2id hash of a password that check_password accepts."""
    check_password(password)
    return _hasher().hash(password)


@functools.cache
def _decoy() -> str:
    return _hasher().hash("not a password of anyone's")


def verify(stored: str | None, password: str) -> bool:
    """Does password match the stored hash? With no hash (an unknown user) a decoy is checked,
    so that an unknown user takes as long to refuse as a wrong password."""
    try:
        return _hasher().verify(stored or _decoy(), password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def locked_until(failures: Sequence[dt.datetime], now: dt.datetime) -> dt.datetime | None:
    """When the lockout of an account ends, or None when it is not locked at now.

    failures: the times of its failed sign-ins since its last successful one, oldest first
    (attempts refused while locked are not failures). FAILURES of them within WINDOW lock it for
    LOCKED_FOR from the last of them; failures before a lockout that has ended count no more.
    """
    window: list[dt.datetime] = []
    for at in failures:
        window = [*[t for t in window if at - t <= WINDOW], at]
        if len(window) >= FAILURES:
            if now < at + LOCKED_FOR:
                return at + LOCKED_FOR
            window = []
    return None
