import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from actions.models import Action, ActionUpdate, Evidence
from improvement_board.models import User
from plans.models import Organisation, Plan
from reports.models import BoardReport

TODAY = datetime.date(2025, 6, 30)


def generate(**options):
    out = io.StringIO()
    defaults = {"plans": 3, "actions": 60, "updates": 900, "evidence": 50, "seed": 3}
    call_command("generate_scale_data", today=TODAY, stdout=out, **(defaults | options))
    return out.getvalue()


@pytest.mark.django_db
def test_it_makes_exactly_what_was_asked():
    output = generate()

    assert Plan.objects.count() == 3
    assert Action.objects.count() == 60
    assert ActionUpdate.objects.count() == 900
    assert Evidence.objects.count() == 50
    assert BoardReport.objects.count() == 3
    assert "60 actions, 900 updates" in output


@pytest.mark.django_db
def test_history_is_consistent_with_each_action():
    generate()

    for action in Action.objects.annotate(n=Count("updates")):
        updates = list(action.updates.latest_first())
        rated = [u for u in updates if u.kind in ActionUpdate.Kind.rated()]
        assert action.version == action.n + 1
        assert action.rating == (rated[0].rating if rated else "")
        assert action.rating_as_at(TODAY) == (rated[0].rating_choice if rated else None)
        assert all(action.added_on <= u.effective_date <= TODAY for u in updates)
        assert action.plan_id == action.section.plan_id


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data():
    generate(seed=11)
    first = list(ActionUpdate.objects.order_by("pk").values_list("effective_date", "rating"))
    with pytest.raises(CommandError, match="already has plans"):
        generate(seed=11)

    Evidence.objects.all().delete()
    BoardReport.objects.all().delete()
    ActionUpdate.objects.all()._raw_delete(ActionUpdate.objects.db)  # history refuses delete()
    Action.objects.all().delete()
    Plan.objects.all().delete()
    Organisation.objects.all().delete()
    User.objects.all().delete()
    generate(seed=11)

    assert (
        list(ActionUpdate.objects.order_by("pk").values_list("effective_date", "rating")) == first
    )


@pytest.mark.django_db
def test_accounts_can_sign_in(client):
    generate()
    from bench.management.commands.generate_scale_data import (
        BENCH_BOARD,
        SCALE_PASSWORD,
    )

    assert client.login(username=BENCH_BOARD, password=SCALE_PASSWORD)
    assert User.objects.get(username=BENCH_BOARD).plans.count() == 3
