"""Who may see the equity analytics. Officials and admins see everything; partners and delegates
see city-level aggregates with small cells suppressed; workers and citizens see no dashboard."""

import rules

from healthycity.accounts.rules import is_delegate, is_partner, is_staff_of_city

rules.add_perm("equity.view_dashboard", is_staff_of_city | is_partner | is_delegate)
rules.add_perm("equity.view_unsuppressed", is_staff_of_city)
rules.add_perm("equity.make_snapshot", is_staff_of_city)
