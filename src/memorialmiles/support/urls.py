from django.urls import path

import memorialmiles.core.converters  # noqa: F401  (registers <id:...>)
from memorialmiles.support import views

urlpatterns = [
    path("support/", views.support_home, name="support"),
    path("support/grants/apply/", views.grant_apply, name="grant_apply"),
    path("support/grants/status/<slug:token>/", views.grant_status, name="grant_status"),
    path("support/grants/", views.grant_list, name="grant_list"),
    path("support/grants/<id:application_id>/", views.grant_detail, name="grant_detail"),
    path("support/grants/<id:application_id>/review/", views.grant_review, name="grant_review"),
    path(
        "support/grants/<id:application_id>/recommend/",
        views.grant_recommend,
        name="grant_recommend",
    ),
    path("support/grants/<id:application_id>/decide/", views.grant_decide, name="grant_decide"),
    path("support/grants/<id:application_id>/award/", views.grant_award, name="grant_award"),
    path(
        "support/grants/<id:application_id>/documents/<id:document_id>/",
        views.grant_document,
        name="grant_document",
    ),
    path("support/runs/<id:event_id>/", views.event_support, name="event_support"),
    path("support/runs/<id:event_id>/give/", views.event_give, name="event_give"),
    path("support/runs/<id:event_id>/gifts/", views.event_gifts, name="event_gifts"),
    path(
        "support/runs/<id:event_id>/fundraise/<slug:token>/",
        views.fundraiser_start,
        name="fundraiser_start",
    ),
    path("support/fundraisers/<id:fundraiser_id>/", views.fundraiser, name="fundraiser"),
    path("support/gifts/<slug:token>/", views.gift_thanks, name="gift_thanks"),
    path("support/gifts/<slug:token>/receipt.pdf", views.gift_receipt, name="gift_receipt"),
    path("support/payments/webhook", views.payment_webhook, name="payment_webhook"),
]
