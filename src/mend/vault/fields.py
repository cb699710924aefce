"""Model fields for private text: sealed on save, opened on first read, in batches.

``SealedTextField`` (and ``SealedJSONField`` for small structured answers) keeps only a
ciphertext in the database. In Python the attribute holds the plain text, so views, templates,
forms and the API read and write it like any text field. The ciphertext is made with the data
key of the field's *holder* (by default the record's owner; a practice for what is sent to a
practice) and bound to the record by its ``seal_uid`` and the field's name, so a ciphertext
copied onto another record, field or person fails to open instead of showing the wrong text.

Opening is batched so that list pages keep their query counts: every sealed value loaded from
the database is remembered (weakly, per thread) until the first one is read; that read opens
all of them with one query for all their holders' keys. A value that was never loaded in this
thread's batch (or whose key is missing) is opened on its own when read.

The database cannot search, sort or compare sealed text: any lookup other than ``isnull``, and
any ``update()`` or ``bulk_update()`` that sets one, fails loudly instead of silently comparing
ciphertext. Search in Python, after opening, where a feature needs it.
"""

from __future__ import annotations

import json
import threading
import weakref
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core import validators
from django.db import models
from django.db.models.query_utils import DeferredAttribute

from mend.vault import crypto, sealing
from mend.vault.keys import Holder

_CACHE = "_vault_sealed"  # instance.__dict__ key: attname -> (text, blob, holder, ref)
_PRUNE_AT = 5000


class Sealed:
    """A ciphertext loaded from the database and not opened yet."""

    __slots__ = ("blob",)

    def __init__(self, blob: bytes) -> None:
        self.blob = blob

    def __repr__(self) -> str:
        return "<sealed text>"


class _Batch(threading.local):
    def __init__(self) -> None:
        self.items: list[tuple[weakref.ref[Any], SealedTextField]] = []
        self.prune_at = _PRUNE_AT


_batch = _Batch()


def _remember(instance: Any, field: SealedTextField) -> None:
    items = _batch.items
    if len(items) >= _batch.prune_at:
        # Forget what was garbage-collected or opened; a large live batch doubles the bound, so
        # pruning stays linear however many rows one query loads.
        items[:] = [(r, f) for r, f in items if _still_sealed(r(), f)]
        _batch.prune_at = max(_PRUNE_AT, 2 * len(items))
    items.append((weakref.ref(instance), field))


def _still_sealed(instance: Any, field: SealedTextField) -> bool:
    return instance is not None and isinstance(instance.__dict__.get(field.attname), Sealed)


class SealedAttribute(DeferredAttribute):
    """Holds the plain text; opens the loaded ciphertext (with its batch) on first read."""

    field: SealedTextField

    def __get__(self, instance: Any, cls: Any = None) -> Any:
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Sealed):
            _open_batch(instance, self.field)
            value = instance.__dict__[self.field.attname]
        return value

    def __set__(self, instance: Any, value: Any) -> None:
        if isinstance(value, bytes | bytearray | memoryview):
            value = Sealed(bytes(value))
        instance.__dict__[self.field.attname] = value
        if isinstance(value, Sealed):
            _remember(instance, self.field)


def _open_batch(instance: Any, field: SealedTextField) -> None:
    wanted = [(instance, field)]
    for ref, other in _batch.items:
        obj = ref()
        if _still_sealed(obj, other) and not (obj is instance and other is field):
            wanted.append((obj, other))
    _batch.items.clear()
    open_fields(wanted, strict=1)


def open_fields(items: Iterable[tuple[Any, SealedTextField]], *, strict: int | None = None) -> None:
    """Open sealed values in place, one key query per kind of holder for all of them.

    The first ``strict`` items must open (a ``VaultKeyError`` is raised otherwise; all of them
    when ``strict`` is None); the others are left sealed if they cannot be opened here, and are
    tried again on their own when read.
    """
    todo = []
    for index, (obj, field) in enumerate(items):
        value = obj.__dict__.get(field.attname)
        if isinstance(value, Sealed):
            must = strict is None or index < strict
            todo.append((obj, field, value.blob, field.holder_of(obj), field.ref_of(obj), must))
    if not todo:
        return
    keys = sealing.unwrapped_keys({holder for _, _, _, holder, _, _ in todo})
    for obj, field, blob, holder, ref, must in todo:
        try:
            if holder not in keys:
                raise sealing.missing_key(holder)
            text = crypto.decrypt_text(blob, data_key=keys[holder], owner_id=holder, record_ref=ref)
        except crypto.VaultKeyError:
            if must:
                raise
            continue
        obj.__dict__[field.attname] = field.decode(text)
        obj.__dict__.setdefault(_CACHE, {})[field.attname] = (text, blob, holder, ref)


def open_records(records: Iterable[Any]) -> None:
    """Open every sealed value of these records now (all must open)."""
    open_fields(
        [
            (record, field)
            for record in records
            for field in record._meta.concrete_fields
            if isinstance(field, SealedTextField)
        ]
    )


def forget_sealed_copies(record: Any) -> None:
    """Make the next save seal this record's texts afresh (under a new key, say), even where
    the text and its holder did not change."""
    record.__dict__.pop(_CACHE, None)


def seal_now(records: Iterable[Any]) -> None:
    """Seal the changed texts of many records before a ``bulk_create``: one key lookup per
    holder instead of one per record."""
    records = list(records)
    fields_of: dict[type, list[SealedTextField]] = {}
    by_holder: dict[Holder, list[tuple[Any, SealedTextField]]] = {}
    for record in records:
        fields = fields_of.setdefault(
            type(record),
            [f for f in record._meta.concrete_fields if isinstance(f, SealedTextField)],
        )
        for field in fields:
            value = record.__dict__.get(field.attname)
            if value is None or isinstance(value, Sealed) or value == "":
                continue
            by_holder.setdefault(field.holder_of(record), []).append((record, field))
    for holder, items in by_holder.items():
        key = sealing.key_for_holder(holder)
        for record, field in items:
            field._seal_into_cache(record, holder, key)


class SealedTextField(models.Field):  # type: ignore[type-arg]
    """Private text, stored only as a ciphertext made with its holder's data key.

    ``holder`` names the attribute (a dotted path is allowed) that gives the id of whoever's key
    seals the text, ``owner_id`` by default; with ``holder_scope`` the key is a group's, e.g.
    ``holder="practice_id", holder_scope="practice"``. ``ref_field`` names the record's own
    random id (a UUID field), which with the model and field name binds the ciphertext to it.
    """

    descriptor_class = SealedAttribute
    description = "Sealed private text"

    def __init__(
        self,
        *args: Any,
        holder: str = "owner_id",
        holder_scope: str = "",
        ref_field: str = "seal_uid",
        **kwargs: Any,
    ) -> None:
        self.holder = holder
        self.holder_scope = holder_scope
        self.ref_field = ref_field
        super().__init__(*args, **kwargs)
        if self.max_length is not None and self._checks_length:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    _checks_length = True
    _empty_is_plain = True  # "" is stored as an empty value (see pre_save)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.holder != "owner_id":
            kwargs["holder"] = self.holder
        if self.holder_scope:
            kwargs["holder_scope"] = self.holder_scope
        if self.ref_field != "seal_uid":
            kwargs["ref_field"] = self.ref_field
        return name, path, args, kwargs

    def get_internal_type(self) -> str:
        return "BinaryField"

    # --- what is sealed, with whose key, bound to what
    def encode(self, value: Any) -> str:
        return str(value)

    def decode(self, text: str) -> Any:
        return text

    def holder_of(self, instance: Any) -> Holder:
        value: Any = instance
        for part in self.holder.split("."):
            value = getattr(value, part)
        if value is None:
            raise crypto.VaultKeyError(f"{self.model.__name__}.{self.name} has no key holder.")
        if self.holder_scope:
            return f"{self.holder_scope}:{value}"
        # A holder attribute may name a scoped key itself (a self-trust record's "self:<id>").
        return value if isinstance(value, str) else int(value)

    def ref_of(self, instance: Any) -> str:
        return f"{self.model._meta.label_lower}.{self.name}:{getattr(instance, self.ref_field)}"

    # --- saving
    def pre_save(self, model_instance: Any, add: bool) -> Any:
        value = model_instance.__dict__.get(self.attname)
        if value is None or isinstance(value, Sealed):
            return value
        if self._empty_is_plain and value == "":
            # An empty text says nothing its ciphertext's length would not: stored as an empty
            # value, it needs no key (rows made in bulk with no note, such as a commitment's
            # occurrences, then cost no key lookup each).
            return Sealed(b"")
        text = self.encode(value)
        holder, ref = self.holder_of(model_instance), self.ref_of(model_instance)
        blob = self._sealed_copy(model_instance, text, holder, ref)
        if blob is None:
            # Seal every changed sealed text of this record now, with one key lookup; the other
            # fields' pre_save then find theirs. (The key itself is never kept on the record.)
            key = sealing.key_for_holder(holder)
            for field in model_instance._meta.concrete_fields:
                if isinstance(field, SealedTextField):
                    field._seal_into_cache(model_instance, holder, key)
            blob = self._sealed_copy(model_instance, text, holder, ref)
        if blob is None:  # pragma: no cover - _seal_into_cache just made it
            raise crypto.VaultKeyError(f"{self.model.__name__}.{self.name} was not sealed.")
        return Sealed(blob)

    def _sealed_copy(self, instance: Any, text: str, holder: Holder, ref: str) -> bytes | None:
        """The ciphertext made for exactly this text, holder and record, if there is one."""
        cached = instance.__dict__.get(_CACHE, {}).get(self.attname)
        if cached is not None and cached[0] == text and cached[2:] == (holder, ref):
            return bytes(cached[1])
        return None

    def _seal_into_cache(self, instance: Any, key_holder: Holder, key: bytes) -> None:
        value = instance.__dict__.get(self.attname)
        if value is None or isinstance(value, Sealed):
            return
        holder = self.holder_of(instance)
        if holder != key_holder:
            return  # another holder's key: sealed by its own pre_save
        text, ref = self.encode(value), self.ref_of(instance)
        if self._sealed_copy(instance, text, holder, ref) is None:
            blob = sealing.seal_for(holder, text, ref=ref, key=key)
            instance.__dict__.setdefault(_CACHE, {})[self.attname] = (text, blob, holder, ref)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if isinstance(value, Sealed):
            value = value.blob
        if value is None:
            return None
        if isinstance(value, bytes | bytearray | memoryview):
            return connection.Database.Binary(bytes(value))
        raise TypeError(
            f"{self.model.__name__}.{self.name} is sealed: the database cannot compare it or set "
            "it in a query. Save the record instead, and search in Python after opening."
        )

    def get_lookup(self, lookup_name: str) -> Any:
        # Only "is it there?": any comparison would silently compare ciphertext.
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    def get_transform(self, lookup_name: str) -> Any:
        return None

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        blob = bytes(value)
        if not blob and self._empty_is_plain:
            return ""
        return Sealed(blob)

    def to_python(self, value: Any) -> Any:
        return value

    def value_to_string(self, obj: Any) -> str:
        return self.encode(self.value_from_object(obj))

    def formfield(self, **kwargs: Any) -> Any:
        defaults: dict[str, Any] = {"max_length": self.max_length, "widget": forms.Textarea}
        return super().formfield(**{"form_class": forms.CharField, **defaults, **kwargs})


class SealedJSONField(SealedTextField):
    """Small structured private answers (lists, dicts, flags), sealed as JSON text.

    Without a default a new record holds an empty list. (A ``default=`` would be handed to the
    database when a migration adds or alters the column, and the database never gets plain
    values of a sealed field.)
    """

    description = "Sealed private JSON"
    _checks_length = False
    _empty_is_plain = False

    def encode(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    def decode(self, text: str) -> Any:
        return json.loads(text)

    def get_default(self) -> Any:
        return super().get_default() if self.has_default() else []

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": forms.JSONField, "widget": None, **kwargs})
