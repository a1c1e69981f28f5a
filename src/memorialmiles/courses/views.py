from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from memorialmiles.courses.models import Course


@require_GET
def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    course = get_object_or_404(Course, pk=course_id)
    return render(request, "courses/course_detail.html", {"course": course})
