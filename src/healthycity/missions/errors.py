"""Typed errors of the missions domain; messages for the user (a message id and parameters)."""

from healthycity.core.errors import MessageError


class MissionError(MessageError):
    pass
