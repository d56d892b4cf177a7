"""Partner permissions (django-rules, autodiscovered)."""

from __future__ import annotations

import rules

from healthycity.accounts import roles
from healthycity.accounts.rules import is_staff_of_city


@rules.predicate
def works_for(user, organisation) -> bool:
    """Partner staff of this partner company."""
    return organisation is not None and any(
        o.pk == organisation.pk for o in roles.partner_organisations_of(user)
    )


@rules.predicate
def works_for_maker(user, product) -> bool:
    """Partner staff of the company that makes this product."""
    return product is not None and any(
        o.pk == product.partner_id for o in roles.partner_organisations_of(user)
    )


rules.add_perm("partners.list_partners", is_staff_of_city)
rules.add_perm("partners.add_partner", is_staff_of_city)
rules.add_perm("partners.manage_staff", is_staff_of_city)
rules.add_perm("partners.view_partner", is_staff_of_city | works_for)
rules.add_perm("partners.add_product", is_staff_of_city | works_for)
rules.add_perm("partners.change_product", is_staff_of_city | works_for_maker)
rules.add_perm("partners.view_report", is_staff_of_city | works_for)
