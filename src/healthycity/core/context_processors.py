from healthycity.accounts import roles
from healthycity.core.navigation import items_for


def navigation(request):
    user = getattr(request, "user", None)
    return {
        "nav_items": items_for(user) if user is not None else [],
        "user_role": roles.primary_role(user) if user is not None else "",
    }
