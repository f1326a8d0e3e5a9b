"""What deleting a draft plan means for its actions (plans/lifecycle.py): they go first
(a section is protected while an action is filed under it), and their evidence files
leave storage once the deletion has committed, so nothing uploaded outlives its plan."""

from django.db import transaction
from django.dispatch import receiver

from plans.lifecycle import plan_deleting

from .models import Action, Evidence


@receiver(plan_deleting, dispatch_uid="actions-plan-deleting")
def _delete_actions(sender, plan, **kwargs) -> None:
    files = [
        evidence.file for evidence in Evidence.objects.filter(action__plan=plan).exclude(file="")
    ]
    Action.objects.filter(plan=plan).delete()

    def remove_files() -> None:
        for file in files:
            file.storage.delete(file.name)

    transaction.on_commit(remove_files)
