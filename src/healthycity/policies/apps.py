from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "healthycity.policies"
    label = "policies"
