"""Permissions of the missions app (django-rules)."""

from __future__ import annotations

import rules

from healthycity.accounts.rules import is_admin, is_citizen, is_official

rules.add_perm("missions.take_part", is_citizen)
rules.add_perm("missions.manage", is_admin | is_official)
