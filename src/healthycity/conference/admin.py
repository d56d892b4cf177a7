"""The conference in Django admin. Programme edits go through the same conflict checks as the
officials' pages and the API (conference.domain.programme)."""

from django import forms
from django.contrib import admin

from healthycity.conference.domain.programme import check_session, check_speakers
from healthycity.conference.models import (
    Abstract,
    AbstractReview,
    Checkin,
    CheckinList,
    Device,
    Event,
    EventStaff,
    Gate,
    Question,
    Registration,
    RegistrationCategory,
    ReviewCriterion,
    ReviewScore,
    Room,
    Session,
    SessionBooking,
    SessionSpeaker,
    Speaker,
    Ticket,
    Track,
    Venue,
)
from healthycity.core.admin import ReadOnlyAdmin


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "slug"]
    inlines = [RoomInline]


class TrackInline(admin.TabularInline):
    model = Track
    extra = 0


class CategoryInline(admin.TabularInline):
    model = RegistrationCategory
    extra = 0
    fields = [
        "code",
        "kind",
        "name_ko",
        "name_en",
        "colour",
        "capacity",
        "moderated",
        "self_service",
        "is_open",
    ]


class StaffInline(admin.TabularInline):
    model = EventStaff
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "slug", "venue", "starts_on", "ends_on", "status"]
    list_filter = ["status"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [TrackInline, CategoryInline, StaffInline]


class SessionSpeakerFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        speakers = [
            f.cleaned_data["speaker"]
            for f in self.forms
            if f.cleaned_data.get("speaker") and not f.cleaned_data.get("DELETE")
        ]
        session = self.instance
        timed = session.starts_at and session.ends_at and session.ends_at > session.starts_at
        if timed and (errors := check_speakers(session, speakers)):
            raise forms.ValidationError(errors)


class SessionSpeakerInline(admin.TabularInline):
    model = SessionSpeaker
    formset = SessionSpeakerFormSet
    extra = 0
    autocomplete_fields = ["speaker"]


class SessionAdminForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = "__all__"  # noqa: DJ007 — the admin edits every field

    def clean(self):
        data = super().clean()
        if self.errors or not data.get("event"):
            return data
        for name, value in data.items():
            if name != "speakers":
                setattr(self.instance, name, value)
        # Speakers are checked by the inline formset, which sees the edited list.
        for field, messages in check_session(self.instance, speakers=[]).items():
            self.add_error(field if field in self.fields else None, messages)
        return data


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    form = SessionAdminForm
    list_display = ["title_ko", "kind", "room", "starts_at", "ends_at", "status"]
    list_filter = ["event", "kind", "status", "track", "room"]
    search_fields = ["title_ko", "title_en"]
    inlines = [SessionSpeakerInline]
    date_hierarchy = "starts_at"


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "affiliation_en", "event"]
    list_filter = ["event"]
    search_fields = ["name_ko", "name_en", "affiliation_ko", "affiliation_en"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["code", "label_ko", "kind", "required", "event"]
    list_filter = ["event"]
    filter_horizontal = ["categories"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "status", "source", "created_at"]
    list_filter = ["event", "status", "category", "source"]
    search_fields = ["name", "email"]
    raw_id_fields = ["user", "citizen"]
    # Status changes go through conference.domain.registration (waiting list, offers, capacity).
    readonly_fields = ["status", "waiting_since", "hold_expires_at", "confirmed_at", "cancelled_at"]


@admin.register(SessionBooking)
class SessionBookingAdmin(ReadOnlyAdmin):
    list_display = ["session", "registration", "status", "waiting_since", "hold_expires_at"]
    list_filter = ["status"]


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    list_display = ["registration", "issued_at"]


class DeviceInline(admin.TabularInline):
    model = Device
    extra = 0
    fields = ["name", "active", "last_seen_at"]
    readonly_fields = ["last_seen_at"]


@admin.register(Gate)
class GateAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "event"]
    inlines = [DeviceInline]


@admin.register(CheckinList)
class CheckinListAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "kind", "day", "session", "event"]
    list_filter = ["event", "kind"]
    filter_horizontal = ["categories"]
    raw_id_fields = ["session"]


@admin.register(Checkin)
class CheckinAdmin(ReadOnlyAdmin):
    list_display = ["checkin_list", "status", "device", "scanned_at", "received_at", "offline"]
    list_filter = ["status", "checkin_list", "offline"]


@admin.register(ReviewCriterion)
class ReviewCriterionAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "max_score", "weight", "event"]


class ReviewScoreInline(admin.TabularInline):
    model = ReviewScore
    extra = 0


@admin.register(Abstract)
class AbstractAdmin(admin.ModelAdmin):
    list_display = ["title", "format", "status", "event", "created_at"]
    list_filter = ["event", "status", "format"]
    search_fields = ["title"]
    raw_id_fields = ["submitter", "decided_by"]


@admin.register(AbstractReview)
class AbstractReviewAdmin(admin.ModelAdmin):
    list_display = ["abstract", "reviewer", "created_at"]
    inlines = [ReviewScoreInline]
