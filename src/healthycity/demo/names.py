"""Synthetic Korean names and phone numbers. Any resemblance to a real person is chance."""

from __future__ import annotations

import numpy as np

# Common surnames with rough weights (Kim, Lee and Park are about 45% of Koreans together).
SURNAMES = np.array(
    list(
        "김이박최정강조윤장임한오서신권황안송전홍유고문양손배백허남심노하곽성차주우구민류나진지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용"
    )
)
_HEAD = [21.5, 14.7, 8.4, 4.7, 4.3, 2.3, 2.1, 2.0, 2.0, 1.7, 1.5, 1.5, 1.5, 1.5, 1.4, 1.4, 1.3, 1.3]
SURNAME_WEIGHTS = np.array(_HEAD + [0.4] * (len(SURNAMES) - len(_HEAD)))
SURNAME_WEIGHTS = SURNAME_WEIGHTS / SURNAME_WEIGHTS.sum()

FEMALE_FIRST = np.array(list("지서민수은혜유영미정하예윤소다경순말옥명숙현채"))
FEMALE_SECOND = np.array(list("영희숙자민연아은정진원현윤서순미경주인림"))
MALE_FIRST = np.array(list("민준현성영정동상재진승태우지호석형경종광도"))
MALE_SECOND = np.array(list("준호수민석우현진훈철식환규빈원기용수섭일"))


def korean_names(rng: np.random.Generator, female: np.ndarray) -> list[str]:
    """A surname and a two-syllable given name per person, from sex-specific syllable pools."""
    n = len(female)
    surname = SURNAMES[rng.choice(len(SURNAMES), size=n, p=SURNAME_WEIGHTS)]
    first = np.where(
        female,
        FEMALE_FIRST[rng.integers(0, len(FEMALE_FIRST), n)],
        MALE_FIRST[rng.integers(0, len(MALE_FIRST), n)],
    )
    second = np.where(
        female,
        FEMALE_SECOND[rng.integers(0, len(FEMALE_SECOND), n)],
        MALE_SECOND[rng.integers(0, len(MALE_SECOND), n)],
    )
    return (surname.astype(object) + first.astype(object) + second.astype(object)).tolist()


class PhoneNumbers:
    """Unique mobile numbers 010-xxxx-xxxx (stored as the 11 digits), for up to 10^8 people.

    Person i gets 010 followed by (a·i + b) mod 10^8 with `a` coprime to 10^8: a bijection, so
    numbers never repeat and need no lookup, and they look scattered rather than sequential.
    """

    SPACE = 10**8

    def __init__(self, rng: np.random.Generator):
        a = int(rng.integers(10**6, 10**7))
        while a % 2 == 0 or a % 5 == 0:
            a += 1
        self.a, self.b = a, int(rng.integers(0, self.SPACE))

    def digits(self, start: int, n: int) -> list[str]:
        if start + n > self.SPACE:
            raise ValueError("At most 100 000 000 distinct demo phone numbers exist.")
        i = np.arange(start, start + n, dtype=np.int64)
        local = (self.a * i + self.b) % self.SPACE
        return [f"010{x:08d}" for x in local.tolist()]


def format_phone(digits: str) -> str:
    """'01012345678' → '010-1234-5678'."""
    return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
