import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "healthycity.settings")
django_application = get_wsgi_application()

# Import every URL pattern, and so every view module, now: under gunicorn's --preload this runs
# once in the master and the workers are forked with it (shared memory, no import on a worker's
# first request; each worker replaced after --max-requests would otherwise import them anew).
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018 — populated for its side effect

# The gates' check-in scans are answered before Django's request cycle where they can be
# (conference.gate); every other request goes through Django as usual.
from healthycity.conference.gate import ScanGate  # noqa: E402 — needs the apps loaded

application = ScanGate(django_application)
