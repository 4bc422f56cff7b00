"""The sample's demo accounts: one per role, their passwords printed on the sign-in page.

queries.accounts adds them to a database of generated sample data that holds no imported
extract; a database with imported data refuses them and never lists them.
"""

from __future__ import annotations

import dataclasses

from dashboard import people

LORESTAN = "IR-15"
KHORRAMABAD = 1279146


@dataclasses.dataclass(frozen=True)
class Demo:
    """A demo account: its user and its published password."""

    user: people.User
    password: str


DEMOS = (
    Demo(people.User("governor.lorestan", "استاندار لرستان (نمایشی)", "governor", LORESTAN),
         "demo-governor-1405"),
    Demo(people.User("director.lorestan", "مدیرکل رفاه لرستان (نمایشی)", "director",
                     LORESTAN), "demo-director-1405"),
    Demo(people.User("county.khorramabad", "فرمانداری خرم‌آباد (نمایشی)", "county",
                     LORESTAN, KHORRAMABAD), "demo-county-1405"),
    Demo(people.User("welfare.lorestan", "کمیته لرستان، رفاه (نمایشی)", "committee",
                     LORESTAN, agency="welfare"), "demo-committee-1405"),
    Demo(people.User("national.viewer", "ناظر ملی (نمایشی)", "national"),
         "demo-national-1405"),
    Demo(people.User("data.lorestan", "مسئول داده لرستان (نمایشی)", "data_officer",
                     LORESTAN), "demo-data-1405"),
    Demo(people.User("admin.demo", "مدیر سامانه (نمایشی)", "admin"), "demo-admin-1405"),
)  # fmt: skip
