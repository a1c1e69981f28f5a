from django.urls import path

import memorialmiles.core.converters  # noqa: F401  (registers <id:...>)
from memorialmiles.sharing import views

urlpatterns = [
    path("share/card.png", views.site_card, name="share_site_card"),
    path("heroes/<id:hero_id>/card.png", views.hero_card, name="share_hero_card"),
    path("events/<id:event_id>/card.png", views.event_card, name="share_event_card"),
    path(
        "events/<id:event_id>/dedications/<id:dedication_id>/card.png",
        views.dedication_card,
        name="share_dedication_card",
    ),
]
