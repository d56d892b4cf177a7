"""Feedback permissions (django-rules, autodiscovered)."""

from __future__ import annotations

import rules

from healthycity.accounts import roles
from healthycity.accounts.rules import is_citizen, is_partner, is_staff_of_city
from healthycity.partners.rules import works_for_maker


@rules.predicate
def wrote(user, review) -> bool:
    citizen = roles.citizen_of(user)
    return review is not None and citizen is not None and review.citizen_id == citizen.pk


@rules.predicate
def about_my_product(user, review) -> bool:
    return review is not None and works_for_maker(user, review.product)


rules.add_perm("feedback.write_review", is_citizen)
rules.add_perm("feedback.change_review", wrote)
rules.add_perm("feedback.moderate", is_staff_of_city)
rules.add_perm("feedback.respond", is_staff_of_city | about_my_product)
rules.add_perm("feedback.inbox", is_staff_of_city | is_partner)
rules.add_perm("feedback.view_dashboard", is_staff_of_city | works_for_maker)
