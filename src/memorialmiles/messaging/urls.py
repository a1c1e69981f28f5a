from django.urls import path

from memorialmiles.messaging import views

urlpatterns = [
    path("messages/", views.outbox, name="messaging_outbox"),
    path("messages/<id:message_id>/", views.message, name="messaging_message"),
    path("messages/unsubscribe/<slug:token>/", views.unsubscribe, name="messaging_unsubscribe"),
]
