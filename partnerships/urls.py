from django.urls import path

from partnerships.views import funding, organizations, partnerships, tabs

app_name = "partnerships"

urlpatterns = [
    path("partners/", organizations.organization_list, name="organization-list"),
    path("partners/new/", organizations.organization_create, name="organization-create"),
    path("partners/<int:pk>/", organizations.organization_detail, name="organization-detail"),
    path("partners/<int:pk>/edit/", organizations.organization_update, name="organization-update"),
    path("partners/<int:pk>/tabs/<slug:tab>/", tabs.organization_tab, name="organization-tab"),
    path("partnerships/", partnerships.partnership_list, name="partnership-list"),
    path("partnerships/new/", partnerships.partnership_create, name="partnership-create"),
    path("partnerships/<int:pk>/", partnerships.partnership_detail, name="partnership-detail"),
    path("partnerships/<int:pk>/edit/", partnerships.partnership_update, name="partnership-update"),
    path("partnerships/<int:pk>/tabs/<slug:tab>/", tabs.partnership_tab, name="partnership-tab"),
    path("partnerships/<int:pk>/phase/", partnerships.partnership_change_phase, name="partnership-phase"),
    path("partnerships/<int:pk>/members/", partnerships.member_add, name="member-add"),
    path("partnerships/<int:pk>/members/<int:member_pk>/remove/", partnerships.member_remove, name="member-remove"),
    path("partnerships/<int:pk>/milestones/", partnerships.milestone_add, name="milestone-add"),
    path(
        "partnerships/<int:pk>/milestones/<int:milestone_pk>/status/",
        partnerships.milestone_status,
        name="milestone-status",
    ),
    path("funding/", funding.funding_list, name="funding-list"),
    path("partnerships/<int:pk>/funding/new/", partnerships.funding_create, name="funding-create"),
    path("partnerships/<int:pk>/funding/<int:funding_pk>/edit/", partnerships.funding_update, name="funding-update"),
    path("partnerships/<int:pk>/funding/<int:funding_pk>/payments/", partnerships.payment_add, name="payment-add"),
    path(
        "partnerships/<int:pk>/funding/<int:funding_pk>/instalments/",
        partnerships.instalment_add,
        name="instalment-add",
    ),
]
