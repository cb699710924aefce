"""The one way a migration turns plain text columns into sealed ones (``SealedTextField``).

For each model: give every row its own ``seal_uid``, rename each plain column aside, add the
sealed column, seal every row's text with its holder's data key, and drop the plain column.
Reversing opens the text back into plain columns (for a downgrade; it needs the same KEK).

Dropping a column does not always wipe the bytes it used on disk: SQLite runs with
``secure_delete`` (settings), and ``mend vacuum-db`` after an upgrade rewrites the file and its
write-ahead log without them; PostgreSQL needs ``VACUUM FULL`` (the README says so).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import migrations, models

from mend.vault.fields import SealedTextField


def _clone(field: models.Field, **overrides: Any) -> models.Field:  # type: ignore[type-arg]
    _, _path, args, kwargs = field.deconstruct()
    return type(field)(*args, **{**kwargs, **overrides})


class RemovePlainField(migrations.RemoveField):
    """Drops a plain column. Undoing it adds the column back holding "" (a text column that
    allows no empty value has no default of its own), until the sealed text is opened into it.
    """

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        to_model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, to_model):
            return
        field = to_model._meta.get_field(self.name)
        if not field.null and not field.has_default():
            name, _path, args, kwargs = field.deconstruct()
            field = type(field)(*args, **{**kwargs, "default": ""})
            field.set_attributes_from_name(name)
            field.model = to_model
        schema_editor.add_field(to_model, field)


def seal_fields(
    app_label: str,
    model_name: str,
    fields: dict[str, SealedTextField],
    *,
    add_uid: bool = True,
) -> list[Any]:
    """Operations that seal ``fields`` (name → the model's final field) of one model."""
    names = list(fields)

    def forward(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        for row in model.objects.using(schema_editor.connection.alias).order_by("pk").iterator():
            if getattr(row, "seal_uid", True) is None:
                row.seal_uid = uuid.uuid4()
            for name in names:
                value = getattr(row, f"{name}_plain")
                setattr(row, name, value)
            row.save(update_fields=[*names, *(["seal_uid"] if add_uid else [])])

    def backward(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        for row in model.objects.using(schema_editor.connection.alias).order_by("pk").iterator():
            for name in names:
                value = getattr(row, name)
                setattr(row, f"{name}_plain", value if value is not None else "")
            row.save(update_fields=[f"{name}_plain" for name in names])

    ops: list[Any] = []
    if add_uid:
        ops.append(
            migrations.AddField(model_name, "seal_uid", models.UUIDField(null=True, editable=False))
        )
    for name in names:
        ops.append(migrations.RenameField(model_name, name, f"{name}_plain"))
        ops.append(migrations.AddField(model_name, name, _clone(fields[name], null=True)))
    ops.append(migrations.RunPython(forward, backward))
    for name in names:
        ops.append(RemovePlainField(model_name, f"{name}_plain"))
        if not fields[name].null:
            ops.append(migrations.AlterField(model_name, name, _clone(fields[name])))
    if add_uid:
        ops.append(
            migrations.AlterField(
                model_name,
                "seal_uid",
                models.UUIDField(default=uuid.uuid4, unique=True, editable=False),
            )
        )
    return ops
