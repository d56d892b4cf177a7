from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "healthycity.feedback"
    label = "feedback"
