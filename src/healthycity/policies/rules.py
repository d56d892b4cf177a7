"""Practice-library permissions (django-rules, autodiscovered).

Delegates edit only their own city's practices (officials those of the host city); reviewers see
the practices they are asked to review; officials assign reviewers, publish, return and nominate;
everyone logged in reads published practices.
"""

from __future__ import annotations

import rules

from healthycity.accounts.rules import is_delegate, is_staff_of_city
from healthycity.policies.cities import city_ids_of, home_city
from healthycity.policies.enums import EDITABLE, PracticeStatus


@rules.predicate
def of_my_city(user, practice) -> bool:
    return practice is not None and practice.city_id in city_ids_of(user)


@rules.predicate
def of_home_city(user, practice) -> bool:
    home = home_city()
    return practice is not None and home is not None and practice.city_id == home.pk


@rules.predicate
def is_editable(user, practice) -> bool:
    return practice is not None and practice.status in EDITABLE


@rules.predicate
def is_published(user, practice) -> bool:
    return practice is not None and practice.status == PracticeStatus.PUBLISHED


@rules.predicate
def reviews_it(user, practice) -> bool:
    return practice is not None and practice.reviews.filter(reviewer=user).exists()


speaks_for_city = of_my_city | (is_staff_of_city & of_home_city)

rules.add_perm("policies.read_library", rules.is_authenticated)
rules.add_perm(
    "policies.view_practice",
    rules.is_authenticated & (is_published | is_staff_of_city | of_my_city | reviews_it),
)
rules.add_perm("policies.add_practice", is_delegate | is_staff_of_city)
rules.add_perm("policies.change_practice", speaks_for_city & is_editable)
rules.add_perm("policies.submit_practice", speaks_for_city & is_editable)
rules.add_perm("policies.view_history", is_staff_of_city | of_my_city)
rules.add_perm("policies.manage_reviews", is_staff_of_city)
rules.add_perm("policies.publish", is_staff_of_city)
rules.add_perm("policies.nominate", is_staff_of_city)
rules.add_perm("policies.draft_from_aid", is_staff_of_city)
