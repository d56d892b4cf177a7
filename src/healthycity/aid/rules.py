"""Permissions of the aid app (django-rules). Row scoping lives in `aid.queries`."""

from __future__ import annotations

import rules

from healthycity.accounts.rules import is_admin, is_official, is_partner, is_worker

is_city = is_admin | is_official

rules.add_perm("aid.view_programmes", is_city | is_worker | is_partner)
rules.add_perm("aid.manage_programme", is_city)
rules.add_perm("aid.approve", is_city)
rules.add_perm("aid.enrol", is_admin | is_worker)
rules.add_perm("aid.view_candidates", is_city | is_worker)
rules.add_perm("aid.register_donation", is_partner)
rules.add_perm("aid.view_lots", is_city | is_partner | is_worker)
rules.add_perm("aid.manage_stock", is_city)
rules.add_perm("aid.hand_over", is_admin | is_worker)
rules.add_perm("aid.view_outcomes", is_city | is_worker | is_partner)
