"""The back office sees gifts and fundraisers; grant applications are worked on their own pages
(the committee and the board need no back-office account), and listed here read-only."""

from django.contrib import admin

from memorialmiles.support.models import Fundraiser, Gift, GrantApplication


@admin.register(GrantApplication)
class GrantApplicationAdmin(admin.ModelAdmin):
    list_display = ["responder_name", "agency_name", "amount_requested", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["responder_name", "agency_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Gift)
class GiftAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "donor_name", "kind", "status", "created_at"]
    list_filter = ["kind", "status"]
    search_fields = ["donor_name", "donor_email"]
    readonly_fields = ["provider_reference", "token", "recorded_by", "received_at"]


@admin.register(Fundraiser)
class FundraiserAdmin(admin.ModelAdmin):
    list_display = ["display_name", "event", "goal_cents"]
