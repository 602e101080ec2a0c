from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core.deadlines import tasks_for


@login_required
def task_list(request):
    """Everything with a date that waits for the signed-in user, soonest first."""
    return render(request, "workspace/task_list.html", {"tasks": tasks_for(request.user)})
