from __future__ import annotations

from django.urls import URLPattern, path

from .views import accountability

app_name = "reviews"

urlpatterns: list[URLPattern] = [
    path("reviews/", accountability.review_list, name="list"),
    path("reviews/new/", accountability.review_new, name="new"),
    path("reviews/<int:pk>/", accountability.review_detail, name="detail"),
    path("reviews/<int:pk>/claim/", accountability.review_claim, name="claim"),
    path("reviews/<int:pk>/decide/", accountability.review_decide, name="decide"),
    path("reviews/<int:pk>/duty.pdf", accountability.review_duty_pdf, name="duty_pdf"),
]
