import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "healthycity.settings")
django_application = get_wsgi_application()

# The gates' check-in scans are answered before Django's request cycle where they can be
# (conference.gate); every other request goes through Django as usual.
from healthycity.conference.gate import ScanGate  # noqa: E402 — needs the apps loaded

application = ScanGate(django_application)
