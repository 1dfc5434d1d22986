from django.urls import path

from .views import documents, followups, public, visits, workbench

app_name = "inspections"

urlpatterns = [
    path("workbench/", workbench.assignment_list, name="assignment_list"),
    path(
        "workbench/<int:draw_id>/<int:entity_id>/",
        workbench.assignment_detail,
        name="assignment",
    ),
    path(
        "workbench/<int:draw_id>/<int:entity_id>/items/<int:item_id>/",
        workbench.result_save,
        name="result_save",
    ),
    path(
        "workbench/<int:draw_id>/<int:entity_id>/<str:kind>.pdf",
        documents.document,
        name="document",
    ),
    path("results/<int:pk>/confirm/", workbench.result_confirm, name="result_confirm"),
    path(
        "results/<int:result_id>/follow-ups/", followups.follow_up_create, name="follow_up_create"
    ),
    path("results/<int:pk>/crime/", workbench.crime_mark, name="crime_mark"),
    path("results/<int:pk>/crime-hint/", workbench.crime_dismiss, name="crime_dismiss"),
    path("evidence/<int:pk>/", workbench.evidence_download, name="evidence"),
    path("follow-ups/", followups.follow_up_list, name="follow_up_list"),
    path("follow-ups/<int:pk>/", followups.follow_up_detail, name="follow_up"),
    path("follow-ups/<int:pk>/close/", followups.follow_up_close, name="follow_up_close"),
    path("follow-ups/<int:pk>/list/", followups.listing_from_referral, name="listing_enter"),
    path("listings/<int:pk>/remove/", followups.listing_remove, name="listing_remove"),
    path("visits/", visits.visit_list, name="visit_list"),
    path("visits/propose/", visits.visit_propose, name="visit_propose"),
    path("visits/<int:pk>/decide/", visits.visit_decide, name="visit_decide"),
    path("check/<str:token>/", public.check_page, name="public_check"),
    path("check/<str:token>/qr.svg", public.check_qr, name="public_check_qr"),
]
