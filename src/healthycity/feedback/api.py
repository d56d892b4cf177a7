"""REST endpoints of the feedback channel, scoped to the caller's role.

GET  /api/v1/reviews/                   partner: public reviews of its products (no citizen id);
                                        citizen: own reviews; official/admin: all
POST /api/v1/reviews/                   citizen: a new review {product, rating, text}
GET/PATCH /api/v1/reviews/{id}/         citizen: change own review {rating, text}
POST /api/v1/reviews/{id}/withdraw/     citizen: withdraw own review
POST /api/v1/reviews/{id}/replies/      partner (own product) or official: public reply {text}
POST /api/v1/reviews/{id}/status/       partner (own product) or official: {status, note}
GET  /api/v1/products/{id}/feedback/?period=YYYY[-MM]   dashboard figures (suppressed)
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.response import Response

from healthycity.accounts import roles
from healthycity.accounts.enums import Role
from healthycity.feedback.analysis import dashboard
from healthycity.feedback.domain import reviews as domain
from healthycity.feedback.domain.errors import NotYourProduct, ReviewWithdrawn
from healthycity.feedback.models import Review
from healthycity.feedback.queries import reviews_visible_to
from healthycity.feedback.serializers import (
    OwnReviewSerializer,
    PublicReviewSerializer,
    ReplyInputSerializer,
    ReplySerializer,
    ReviewInputSerializer,
    StatusChangeSerializer,
    StatusInputSerializer,
)
from healthycity.partners.cells import Table
from healthycity.partners.models import Product
from healthycity.partners.periods import Period


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def _domain_call(fn, **kwargs):
    """Run a domain verb, turning its typed errors into API errors with their messages."""
    try:
        return fn(**kwargs)
    except NotYourProduct as exc:
        raise exceptions.PermissionDenied(str(exc.args[0] if exc.args else exc)) from exc
    except ReviewWithdrawn as exc:
        raise Conflict(exc.messages[0]) from exc
    except ValidationError:
        raise


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "product",
                OpenApiTypes.UUID,
                description="Only the reviews of this product (its id).",
            )
        ]
    )
)
@extend_schema(tags=["feedback"])
class ReviewViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    lookup_field = "external_id"
    lookup_url_kwarg = "id"

    def get_queryset(self):
        qs = reviews_visible_to(self.request.user).prefetch_related(
            "replies__organisation", "history"
        )
        product = self.request.query_params.get("product")
        if product:
            qs = qs.filter(product__external_id=product)
        return qs.order_by("-submitted_at", "-id")

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return ReviewInputSerializer
        found = roles.roles_of(self.request.user)
        if Role.ADMIN in found or Role.OFFICIAL in found:
            return OwnReviewSerializer
        if Role.PARTNER in found:
            return PublicReviewSerializer
        return OwnReviewSerializer

    def _citizen(self):
        citizen = roles.citizen_of(self.request.user)
        if citizen is None:
            raise exceptions.PermissionDenied(_("Only citizens can review products."))
        return citizen

    def create(self, request, *args, **kwargs):
        citizen = self._citizen()
        data = ReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if "product" not in data.validated_data:
            raise exceptions.ValidationError({"product": [_("Name the product to review.")]})
        product = get_object_or_404(
            Product, external_id=data.validated_data["product"], active=True
        )
        review = domain.submit_review(
            citizen=citizen,
            product=product,
            rating=data.validated_data["rating"],
            text=data.validated_data["text"],
        )
        return Response(OwnReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    def _own(self):
        review = self.get_object()
        if not self.request.user.has_perm("feedback.change_review", review):
            raise exceptions.PermissionDenied(_("You can change only your own reviews."))
        return review

    def update(self, request, *args, **kwargs):
        review = self._own()
        data = ReviewInputSerializer(
            data={"rating": review.rating, "text": review.text, **request.data.dict()}
            if hasattr(request.data, "dict")
            else {"rating": review.rating, "text": review.text, **request.data}
        )
        data.is_valid(raise_exception=True)
        review = _domain_call(
            domain.edit_review,
            review=review,
            rating=data.validated_data["rating"],
            text=data.validated_data["text"],
        )
        return Response(OwnReviewSerializer(review).data)

    @extend_schema(request=None, responses=OwnReviewSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, id=None):
        review = _domain_call(domain.withdraw_review, review=self._own())
        return Response(OwnReviewSerializer(review).data)

    def _responding(self, id):
        """Any public review (so another partner gets a clear 403, not a 404)."""
        qs = Review.objects.select_related("product", "product__partner")
        if not self.request.user.has_perm("feedback.moderate"):
            qs = qs.public()
        return get_object_or_404(qs, external_id=id)

    @extend_schema(request=ReplyInputSerializer, responses=ReplySerializer)
    @action(detail=True, methods=["post"])
    def replies(self, request, id=None):
        review = self._responding(id)
        data = ReplyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reply = _domain_call(
            domain.reply_to_review, review=review, by=request.user, text=data.validated_data["text"]
        )
        return Response(ReplySerializer(reply).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=StatusInputSerializer, responses=StatusChangeSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, id=None):
        review = self._responding(id)
        data = StatusInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        change = _domain_call(
            domain.change_status,
            review=review,
            to=data.validated_data["status"],
            by=request.user,
            note=data.validated_data.get("note", ""),
        )
        return Response(StatusChangeSerializer(change).data, status=status.HTTP_201_CREATED)


def _json_tables(data: dict) -> dict:
    return {
        key: (value.as_dict() if isinstance(value, Table) else value) for key, value in data.items()
    }


@extend_schema(
    tags=["feedback"],
    responses=dict,
    parameters=[
        OpenApiParameter(
            "period",
            str,
            required=False,
            pattern=r"^\d{4}(-\d{2})?$",
            description="A year (YYYY) or a month (YYYY-MM); this year when left out.",
        )
    ],
)
@api_view(["GET"])
def product_feedback(request, id):
    """Dashboard figures of one product: suppressed counts, keywords, themes, health context."""
    from healthycity.feedback.context import context_tables

    product = get_object_or_404(Product, external_id=id)
    if not request.user.has_perm("feedback.view_dashboard", product):
        raise exceptions.PermissionDenied(
            _("Only the company that makes this product and city officials see its figures.")
        )
    period = Period.parse(request.query_params.get("period", "") or str(_this_year()))
    data = _json_tables(dashboard.build([product], period))
    data["context"] = (
        [t.as_dict() for t in context_tables([product], period)] if data["enough"] else []
    )
    return Response(data)


def _this_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year
