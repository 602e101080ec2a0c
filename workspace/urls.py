from django.urls import path

from workspace import calendar, views

app_name = "workspace"

urlpatterns = [
    path("tasks/", views.task_list, name="task-list"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar-feed"),
]
