"""Role matrix of the foundation: home, health check, log-in, language, access log, citizens,
the API schema (see tests/role_matrix.py)."""

from tests.role_matrix import HIDDEN, LOGIN, entry, everyone, only


def _citizen_a(w):
    return f"/api/v1/citizens/{w.citizen.external_id}/"


ENTRIES = [
    entry("home", "/", GET=everyone()),
    entry("healthz", "/healthz", GET=everyone()),
    # Signed-in users are sent home from the log-in page (a redirect: OK).
    entry("login", "/login/", GET=everyone(), POST=everyone()),
    entry("logout", "/logout/", POST=everyone()),
    entry("set_language", "/i18n/setlang/", POST=everyone(), data={"language": "en", "next": "/"}),
    entry("access_log", "/access-log/", GET=only("official", "admin")),
    entry("citizens:list", "/citizens/", GET=only("worker_a", "worker_b", "official", "admin")),
    entry("citizens:my_consents", "/citizens/me/consents/", GET=only("citizen")),
    entry(
        "citizens:change_consent",
        "/citizens/me/consents/change/",
        POST=only("citizen"),
        data={"purpose": "statistics", "action": "grant"},
    ),
    # The API's description is public; it names no person.
    entry("schema", "/api/schema/", GET=everyone()),
    entry("api-docs", "/api/docs/", GET=everyone()),
    # Lists are scoped (an empty list for partners and delegates); the detail of centre A's
    # citizen is hidden from everyone outside its scope.
    entry("citizen-list", "/api/v1/citizens/", GET=everyone(anonymous=LOGIN)),
    entry(
        "citizen-detail",
        _citizen_a,
        GET=only("citizen", "worker_a", "official", "admin", others=HIDDEN, anonymous=LOGIN),
    ),
]
