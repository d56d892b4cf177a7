"""`make run`: migrate the embedded database, build the demo city on first run, print the demo
logins, and serve http://127.0.0.1:8000."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from healthycity.citizens.models import Citizen

DEMO_PASSWORD = "healthycity-demo"  # noqa: S105 — the documented demo-only password
DEMO_USERS = [
    ("official", "city official / 시 공무원"),
    ("worker-a", "welfare worker, centre A / 복지 담당자 A"),
    ("worker-b", "welfare worker, centre B / 복지 담당자 B"),
    ("partner-inbody", "partner: body-composition analysers / 협력사"),
    ("partner-yuhan", "partner: pharmaceuticals / 협력사"),
    ("partner-cj", "partner: health foods / 협력사"),
    ("partner-hyundai", "partner: department store / 협력사"),
    ("citizen", "citizen / 시민"),
    ("delegate", "AFHC member-city delegate / 회원도시 대표"),
    ("admin", "administrator / 관리자 (also /admin/)"),
]


class Command(BaseCommand):
    help = "Migrate, build the demo city if the database is empty, and run the development server."

    def add_arguments(self, parser):
        parser.add_argument("--citizens", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="Set up, then stop.")

    def handle(self, *args, citizens, seed, addrport, no_serve, **options):
        call_command("migrate", verbosity=0)
        if not Citizen.objects.exists():
            self.stdout.write(f"Building the demo city ({citizens} citizens, seed {seed})…")
            call_command("demo", citizens=citizens, seed=seed, password=DEMO_PASSWORD)
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password: {DEMO_PASSWORD}):"))
        for username, what in DEMO_USERS:
            self.stdout.write(f"  {username:<16} {what}")
        self.stdout.write(f"\nOpen http://{addrport}/\n")
        if not no_serve:
            call_command("runserver", addrport, use_reloader=False)
