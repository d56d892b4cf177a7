"""API of the missions app: the citizen's own progress and points (for a phone app)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from healthycity.accounts import roles
from healthycity.missions.domain.points import balance
from healthycity.missions.domain.progress import progress_of

MISSION_FIELDS = {
    "mission": serializers.UUIDField(),
    "name": serializers.CharField(),
    "goal_today": serializers.IntegerField(allow_null=True),
    "steps_today": serializers.IntegerField(allow_null=True),
    "week_met": serializers.IntegerField(),
    "week_needed": serializers.IntegerField(),
    "half_year_points": serializers.IntegerField(),
    "half_year_cap": serializers.IntegerField(),
    "points": serializers.IntegerField(),
}


class MyMissions(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="My walking missions",
        description="The missions the logged-in citizen takes part in, today's and this week's progress, and points. Citizens only (403 for anyone else).",
        responses={
            200: inline_serializer(
                "MyMissions",
                {
                    "points": serializers.IntegerField(),
                    "missions": inline_serializer("MissionProgress", MISSION_FIELDS, many=True),
                },
            )
        },
    )
    def get(self, request):
        citizen = roles.citizen_of(request.user)
        if citizen is None:
            raise PermissionDenied
        return Response(
            {
                "points": balance(citizen),
                "missions": [
                    {
                        "mission": p.mission.external_id,
                        "name": p.mission.name(),
                        "goal_today": p.goal_today,
                        "steps_today": p.steps_today,
                        "week_met": p.week_met,
                        "week_needed": p.week_needed,
                        "half_year_points": p.half_year_points,
                        "half_year_cap": p.half_year_cap,
                        "points": p.total_points,
                    }
                    for p in progress_of(citizen)
                ],
            }
        )
