from django.contrib import admin

from .models import DeliveryAttempt, Message


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    fields = ("attempted_at", "ok", "error", "backend")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ("id", "created_at", "recipient", "channel", "event", "status", "attempts",
                    "sent_at", "read_at")
    list_filter = ("channel", "status", "event")
    search_fields = ("subject", "object_id", "dedupe_key")  # address is encrypted
    list_select_related = ("recipient",)
    raw_id_fields = ("recipient",)
    inlines = [DeliveryAttemptInline]


@admin.register(DeliveryAttempt)
class DeliveryAttemptAdmin(ReadOnlyAdmin):
    list_display = ("id", "attempted_at", "message", "ok", "backend", "error")
    list_filter = ("ok", "backend")
    raw_id_fields = ("message",)
