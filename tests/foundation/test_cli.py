from __future__ import annotations

import json

import pytest

from mend.cli import main
from tests.factories import UserFactory


@pytest.mark.django_db
def test_mend_wraps_management_commands(capsys: pytest.CaptureFixture[str]) -> None:
    UserFactory(email="eve@example.test", display_name="Eve")
    main(["mend", "export", "--user", "eve@example.test"])
    assert json.loads(capsys.readouterr().out)["account"]["display_name"] == "Eve"


@pytest.mark.django_db
def test_export_of_an_unknown_user_is_a_clear_error() -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="No user"):
        call_command("export", "--user", "nobody@example.test")


@pytest.mark.django_db
def test_demo_loads_a_couple_once(capsys: pytest.CaptureFixture[str]) -> None:
    from django.core.management import call_command

    from mend.accounts.models import User
    from mend.spaces.models import Space

    call_command("demo", "--if-empty")
    out = capsys.readouterr().out
    assert "alex@demo.mend.test" in out and "sam@demo.mend.test" in out
    space = Space.objects.get(name="Alex & Sam")
    assert space.memberships.count() == 2
    call_command("demo", "--if-empty")
    assert "not loaded" in capsys.readouterr().out
    assert User.objects.filter(email="alex@demo.mend.test").count() == 1


@pytest.mark.parametrize("args", [[], ["--help"], ["help"]])
def test_help_leads_with_mends_own_commands(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["mend", *args]) == 0
    out = capsys.readouterr().out
    ours, _, django_part = out.partition("Django's management commands")
    for command in (
        "serve",
        "demo",
        "apology",
        "trust",
        "export",
        "rotate-kek",
        "generate-kek",
        "worker",
    ):
        assert f"\n  {command} " in ours, command
    assert "migrate" in django_part and "migrate" not in ours
