"""REST endpoints of the practice library (mounted under /api/v1/policies/).

GET  practices/?q=…&theme=…&country=…&target_group=…&evidence=…&outcome=…
                                         published practices, best match first (any logged-in user)
GET  practices/facets/?q=…               facet counts for the same query
GET  practices/mine/                     the caller's city's practices in every state (delegates)
POST practices/                          a new draft of the caller's city (delegates, officials)
GET/PATCH practices/{id}/                one practice the caller may see / change a draft
POST practices/{id}/submit/              send for review
POST practices/{id}/reviewers/           official: assign a reviewer {reviewer}
POST practices/{id}/publish/             official: publish a reviewed practice {reason?}
POST practices/{id}/return/              official: return to the city {reason}
POST practices/{id}/nominations/         official: nominate for an AFHC award
GET  practices/{id}/similar/             similar published practices
GET  practices/{id}/jsonld/              schema.org JSON-LD
POST practices/from-aid/                 official: a draft from an aid programme {programme}
GET  reviews/, reviews/{id}/             the caller's review sheets (officials: all)
POST reviews/{id}/submit/                the reviewer's sheet {exclusion, scores, comments}
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from healthycity.places.models import MemberCity
from healthycity.policies.cities import cities_of, home_city
from healthycity.policies.domain import practices as domain
from healthycity.policies.domain import review as review_domain
from healthycity.policies.domain.errors import NotAllowed, WrongState
from healthycity.policies.exports import jsonld
from healthycity.policies.queries import (
    practices_visible_to,
    published_practices,
    reviews_visible_to,
)
from healthycity.policies.search import library
from healthycity.policies.serializers import (
    FromAidSerializer,
    NominationInputSerializer,
    NominationSerializer,
    PracticeInputSerializer,
    PracticeListSerializer,
    PracticeReviewSerializer,
    PracticeSerializer,
    ReasonSerializer,
    ReviewerInputSerializer,
    ReviewSheetInputSerializer,
)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def call(fn, **kwargs):
    """Run a domain verb; typed errors become API errors with their messages."""
    try:
        return fn(**kwargs)
    except NotAllowed as exc:
        raise exceptions.PermissionDenied(str(exc)) from exc
    except WrongState as exc:
        raise Conflict(exc.messages[0]) from exc
    except ValidationError:
        raise


def user_named(username: str):
    """The user of that name, or None (a name with control characters names nobody)."""
    if not username or any(ord(ch) < 32 for ch in username):
        return None
    return get_user_model().objects.filter(username=username[:150]).first()


SEARCH_PARAMS = [
    OpenApiParameter("q", str, description="Words in Korean or English (inflected forms match)"),
    *[
        OpenApiParameter(
            name, str, many=True, description=f"Facet {name}; repeat or comma-separate"
        )
        for name in library.FACETS
    ],
]


@extend_schema(tags=["policies"])
class PracticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_field = "external_id"
    lookup_url_kwarg = "id"

    def get_queryset(self):
        if self.action in ("list", "facets"):
            return published_practices()
        return practices_visible_to(self.request.user)

    def get_serializer_class(self):
        return PracticeListSerializer if self.action in ("list", "mine") else PracticeSerializer

    def _with_tags(self, qs):
        return qs.prefetch_related("tags")

    @extend_schema(parameters=SEARCH_PARAMS)
    def list(self, request, *args, **kwargs):
        query = library.Query.from_params(request.query_params)
        qs = self._with_tags(library.run(self.get_queryset(), query))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(PracticeListSerializer(page, many=True).data)

    @extend_schema(parameters=SEARCH_PARAMS, responses=dict)
    @action(detail=False)
    def facets(self, request):
        query = library.Query.from_params(request.query_params)
        return Response(library.facets(self.get_queryset(), query))

    @extend_schema(responses=PracticeListSerializer(many=True))  # paginated, as `list`
    @action(detail=False)
    def mine(self, request):
        cities = [c.pk for c in cities_of(request.user)]
        home = home_city() if request.user.has_perm("policies.publish") else None
        if home:
            cities.append(home.pk)
        qs = self._with_tags(
            practices_visible_to(request.user).filter(city_id__in=cities).order_by("-updated_at")
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(PracticeListSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        practice = self.get_object()
        return Response(PracticeSerializer(practice).data)

    def _city(self, value):
        if value:
            return get_object_or_404(MemberCity, external_id=value)
        mine = cities_of(self.request.user)
        if mine:
            return mine[0]
        home = home_city()
        if home is None or not self.request.user.has_perm("policies.publish"):
            raise exceptions.PermissionDenied(_("Only member-city delegates add practices."))
        return home

    @extend_schema(request=PracticeInputSerializer, responses=PracticeSerializer)
    def create(self, request, *args, **kwargs):
        data = PracticeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        city = self._city(values.pop("city", None))
        practice = call(domain.create_practice, city=city, by=request.user, data=values)
        return Response(PracticeSerializer(practice).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PracticeInputSerializer, responses=PracticeSerializer)
    def partial_update(self, request, *args, **kwargs):
        practice = self.get_object()
        data = PracticeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("city", None)
        practice = call(domain.update_practice, practice=practice, by=request.user, data=values)
        return Response(PracticeSerializer(practice).data)

    @extend_schema(request=None, responses=PracticeSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, id=None):
        practice = call(domain.submit_practice, practice=self.get_object(), by=request.user)
        return Response(PracticeSerializer(practice).data)

    @extend_schema(request=ReviewerInputSerializer, responses=PracticeReviewSerializer)
    @action(detail=True, methods=["post"])
    def reviewers(self, request, id=None):
        data = ReviewerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reviewer = user_named(data.validated_data["reviewer"])
        if reviewer is None:
            raise exceptions.ValidationError({"reviewer": [_("No such user.")]})
        assignment = call(
            review_domain.assign_reviewer,
            practice=self.get_object(),
            reviewer=reviewer,
            by=request.user,
        )
        return Response(PracticeReviewSerializer(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReasonSerializer, responses=PracticeSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, id=None):
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        practice = call(
            domain.publish_practice,
            practice=self.get_object(),
            by=request.user,
            note=data.validated_data["reason"][:2000],
        )
        return Response(PracticeSerializer(practice).data)

    @extend_schema(request=ReasonSerializer, responses=PracticeSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, id=None):
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        practice = call(
            domain.return_practice,
            practice=self.get_object(),
            by=request.user,
            reason=data.validated_data["reason"],
        )
        return Response(PracticeSerializer(practice).data)

    @extend_schema(request=NominationInputSerializer, responses=NominationSerializer)
    @action(detail=True, methods=["post"])
    def nominations(self, request, id=None):
        data = NominationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        nomination = call(
            review_domain.nominate,
            practice=self.get_object(),
            category=data.validated_data["category"],
            year=data.validated_data["conference_year"],
            by=request.user,
            reason=data.validated_data["reason"],
        )
        return Response(NominationSerializer(nomination).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=PracticeListSerializer(many=True))
    @action(detail=True)
    def similar(self, request, id=None):
        found = library.similar(self.get_object(), published_practices())
        return Response(PracticeListSerializer(found, many=True).data)

    @extend_schema(responses=dict)
    @action(detail=True)
    def jsonld(self, request, id=None):
        practice = self.get_object()
        url = request.build_absolute_uri(reverse("policies:practice", args=[practice.external_id]))
        return JsonResponse(
            jsonld(practice, url=url),
            content_type="application/ld+json",
            json_dumps_params={"ensure_ascii": False},
        )

    @extend_schema(request=FromAidSerializer, responses=PracticeSerializer)
    @action(detail=False, methods=["post"], url_path="from-aid")
    def from_aid(self, request):
        from healthycity.aid.queries import programmes_visible_to
        from healthycity.policies.domain.from_aid import draft_from_programme

        if not request.user.has_perm("policies.draft_from_aid"):
            raise exceptions.PermissionDenied(
                _("Only city officials turn programmes into practices.")
            )
        data = FromAidSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        programme = get_object_or_404(
            programmes_visible_to(request.user), external_id=data.validated_data["programme"]
        )
        practice = call(draft_from_programme, programme=programme, by=request.user)
        return Response(PracticeSerializer(practice).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["policies"])
class ReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_field = "external_id"
    lookup_url_kwarg = "id"
    serializer_class = PracticeReviewSerializer

    def get_queryset(self):
        return reviews_visible_to(self.request.user).order_by("-created_at", "-id")

    @extend_schema(request=ReviewSheetInputSerializer, responses=PracticeReviewSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, id=None):
        assignment = self.get_object()
        data = ReviewSheetInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = call(
            review_domain.submit_review,
            assignment=assignment,
            by=request.user,
            exclusion=data.validated_data["exclusion"],
            scores=data.validated_data["scores"],
            comments=data.validated_data["comments"],
        )
        return Response(PracticeReviewSerializer(assignment).data)
