from django.urls import path

from agreements.views import agreements, deviations, playbook, publications, reviews

app_name = "agreements"

urlpatterns = [
    path("agreements/", agreements.agreement_list, name="agreement-list"),
    path("agreements/new/", agreements.agreement_create, name="agreement-create"),
    path("agreements/<int:pk>/", agreements.agreement_detail, name="agreement-detail"),
    path("agreements/<int:pk>/edit/", agreements.agreement_update, name="agreement-update"),
    path("agreements/<int:pk>/transition/", agreements.agreement_transition, name="agreement-transition"),
    path("agreements/<int:pk>/ball/", agreements.agreement_pass_ball, name="agreement-ball"),
    path("agreements/<int:pk>/parties/<int:party_pk>/sign/", agreements.party_sign, name="party-sign"),
    path("agreements/<int:pk>/amendments/", agreements.amendment_add, name="amendment-add"),
    path("agreements/<int:pk>/activities/", agreements.activity_add, name="activity-add"),
    path("agreements/<int:pk>/activities/<int:activity_pk>/done/", agreements.activity_done, name="activity-done"),
    path("agreements/<int:pk>/documents/", agreements.document_upload, name="document-upload"),
    path(
        "agreements/<int:pk>/documents/<int:document_pk>/download/",
        agreements.document_download,
        name="document-download",
    ),
    path("agreements/<int:pk>/reviews/", agreements.review_send, name="review-send"),
    path("agreements/<int:pk>/reviews/<int:round_pk>/", reviews.review_detail, name="review-detail"),
    path("agreements/<int:pk>/reviews/<int:round_pk>/comments/", reviews.comment_add, name="review-comment"),
    path("agreements/<int:pk>/reviews/<int:round_pk>/decision/", reviews.decision, name="review-decision"),
    path(
        "agreements/<int:pk>/deviations/<int:deviation_pk>/sign-off/",
        playbook.deviation_sign_off,
        name="deviation-sign-off",
    ),
    path("agreements/<int:pk>/manuscripts/new/", publications.manuscript_create, name="manuscript-create"),
    path("manuscripts/<int:manuscript_pk>/", publications.manuscript_detail, name="manuscript-detail"),
    path("publication-reviews/<int:review_pk>/answer/", publications.publication_answer, name="publication-answer"),
    path("publication-reviews/<int:review_pk>/resolve/", publications.publication_resolve, name="publication-resolve"),
    path("playbook/", playbook.playbook, name="playbook"),
    path("deviations/", deviations.deviation_list, name="deviation-list"),
    path("playbook/rules/new/", playbook.rule_edit, name="playbook-rule-create"),
    path("playbook/rules/<int:rule_pk>/", playbook.rule_edit, name="playbook-rule-update"),
    path("reviews/", reviews.review_list, name="review-list"),
]
