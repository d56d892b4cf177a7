"""Home-page panel for delegates and officials: the benchmarks, with the focus city's colours."""

from django.utils.translation import gettext as _


def panels(user, role) -> list[dict]:
    if not user.has_perm("indicators.view_benchmarks"):
        return []
    from healthycity.policies.indicators import queries

    own = list(queries.delegate_cities(user)[:1])
    values = queries.values_visible_to(user)
    stats = [(_("Indicator values"), values.count())]
    if own:
        stats.append((_("Values of my city"), values.filter(city=own[0]).count()))
    return [
        {
            "title": _("City benchmarks"),
            "text": _(
                "Your city against its peers (WHO Urban HEART), trends and inequality measures (WHO HEAT)."
            ),
            "stats": stats,
            "link": ("indicators:benchmarks", _("Open the benchmarks")),
        }
    ]
