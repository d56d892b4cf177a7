"""Who may do what with city indicators and benchmarks (django-rules predicates).

Officials and admins: everything. Delegates: see the benchmarks, import and edit their own city's
values and HEAT uploads. Workers, partners and citizens: nothing here.
"""

import rules

from healthycity.accounts.rules import is_delegate, is_staff_of_city
from healthycity.policies.indicators import queries


@rules.predicate
def acts_for_city(user, city) -> bool:
    """A delegate of `city` (a MemberCity, or an object with a `.city`)."""
    city = getattr(city, "city", city)
    if city is None:
        return False
    return queries.delegate_cities(user).filter(pk=city.pk).exists()


rules.add_perm("indicators.view_benchmarks", is_staff_of_city | is_delegate)
rules.add_perm("indicators.import_values", is_staff_of_city | is_delegate)
rules.add_perm("indicators.edit_values", is_staff_of_city | acts_for_city)
rules.add_perm("indicators.manage_catalogue", is_staff_of_city)
