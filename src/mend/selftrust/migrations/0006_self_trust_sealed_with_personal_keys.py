"""The private records of self-trust are sealed with each person's personal key (which a
passphrase may lock) instead of their ordinary data key; shared ones stay under the ordinary
key. Existing private records are opened and sealed again under the personal key here.
(Issue 11, item 10.)"""

from typing import Any

from django.db import migrations

import mend.vault.fields
from mend.vault import personal, sealing
from mend.vault.fields import Sealed


# (model, its sealed fields); a boundary's events follow their boundary.
_SEALED = {
    "boundary": ["statement", "why", "if_crossed"],
    "gutcheck": ["statement", "outcome_note"],
    "selfrating": ["note"],
    "questionnaireresult": ["answers"],
}


def _move(apps: Any, schema_editor: Any, *, forward: bool) -> None:
    db = schema_editor.connection.alias

    def holders(owner_id: int) -> tuple[Any, Any]:
        old, new = owner_id, personal.holder_for(owner_id)
        return (old, new) if forward else (new, old)

    def reseal(blob: Any, owner_id: int, ref: str) -> Any:
        if blob is None or blob == "":
            return None if blob is None else Sealed(b"")  # empty text needs no key
        old, new = holders(owner_id)
        text = sealing.open_one(blob.blob, owner_id=old, ref=ref)
        return Sealed(sealing.seal_for(new, text, ref=ref))

    entry = apps.get_model("selftrust", "journalentry")
    for pk, uid, owner_id, blob in (
        entry.objects.using(db)
        .filter(visibility="private")
        .values_list("pk", "uid", "owner_id", "ciphertext")
    ):
        old, new = holders(owner_id)
        text = sealing.open_one(bytes(blob), owner_id=old, ref=str(uid))
        entry.objects.using(db).filter(pk=pk).update(
            ciphertext=sealing.seal_for(new, text, ref=str(uid))
        )
    for model_name, fields in _SEALED.items():
        model = apps.get_model("selftrust", model_name)
        rows = model.objects.using(db).filter(visibility="private")
        for pk, uid, owner_id, *blobs in rows.values_list("pk", "seal_uid", "owner_id", *fields):
            model.objects.using(db).filter(pk=pk).update(
                **{
                    name: reseal(blob, owner_id, f"selftrust.{model_name}.{name}:{uid}")
                    for name, blob in zip(fields, blobs, strict=True)
                }
            )
    event = apps.get_model("selftrust", "boundaryevent")
    for pk, uid, owner_id, blob in (
        event.objects.using(db)
        .filter(boundary__visibility="private")
        .values_list("pk", "seal_uid", "boundary__owner_id", "note")
    ):
        note = reseal(blob, owner_id, f"selftrust.boundaryevent.note:{uid}")
        event.objects.using(db).filter(pk=pk).update(note=note)


def forward(apps: Any, schema_editor: Any) -> None:
    _move(apps, schema_editor, forward=True)


def backward(apps: Any, schema_editor: Any) -> None:
    _move(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("selftrust", "0005_seal_questionnaire_answers"),
        ("vault", "0003_personal_keys_and_recovery_codes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="boundary",
            name="if_crossed",
            field=mend.vault.fields.SealedTextField(
                blank=True, holder="seal_holder", max_length=2000
            ),
        ),
        migrations.AlterField(
            model_name="boundary",
            name="statement",
            field=mend.vault.fields.SealedTextField(holder="seal_holder", max_length=300),
        ),
        migrations.AlterField(
            model_name="boundary",
            name="why",
            field=mend.vault.fields.SealedTextField(
                blank=True, holder="seal_holder", max_length=2000
            ),
        ),
        migrations.AlterField(
            model_name="boundaryevent",
            name="note",
            field=mend.vault.fields.SealedTextField(
                blank=True, holder="boundary.seal_holder", max_length=500
            ),
        ),
        migrations.AlterField(
            model_name="gutcheck",
            name="outcome_note",
            field=mend.vault.fields.SealedTextField(
                blank=True, holder="seal_holder", max_length=1000
            ),
        ),
        migrations.AlterField(
            model_name="gutcheck",
            name="statement",
            field=mend.vault.fields.SealedTextField(holder="seal_holder", max_length=300),
        ),
        migrations.AlterField(
            model_name="questionnaireresult",
            name="answers",
            field=mend.vault.fields.SealedJSONField(holder="seal_holder"),
        ),
        migrations.AlterField(
            model_name="selfrating",
            name="note",
            field=mend.vault.fields.SealedTextField(
                blank=True, holder="seal_holder", max_length=500
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
