from django.conf import settings

from memorialmiles.core.roles import roles_of


def site(request):
    return {
        "user_roles": roles_of(request.user),
        "demo_mode": settings.DEMO_MODE,
    }
