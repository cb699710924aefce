"""Types shared by every API module: free text validated by the same rule as the forms, the
one body that changes who sees a record, and the one shape of every failure."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, Field

from mend.core.text import clean_user_text


def checked_text(
    max_length: int, *, required: bool = True, multiline: bool = False
) -> AfterValidator:
    def check(value: str) -> str:
        try:
            return clean_user_text(
                value,
                field="This field",
                max_length=max_length,
                required=required,
                multiline=multiline,
            )
        except ValidationError as exc:
            raise ValueError(exc.messages[0]) from exc

    return AfterValidator(check)


def name_of(person: str) -> staticmethod[[Any], str | None]:
    """``resolve_owner_name = name_of("owner")``: a ``<person>_name`` field is the name the
    related person is shown by (their ``str``), or None where the record names no one."""

    def resolve(obj: Any) -> str | None:
        found = getattr(obj, person)
        return None if found is None else str(found)

    return staticmethod(resolve)


class SpaceRecordOut(Schema):
    """A base for the answer about a record kept in a space: its ``space`` and ``owner``
    fields, where the subclass declares them, are the ids (read without a query), and its
    ``owner_name`` the name the owner is shown by."""

    @staticmethod
    def resolve_space(obj: Any) -> int:
        return int(obj.space_id)

    @staticmethod
    def resolve_owner(obj: Any) -> int:
        return int(obj.owner_id)

    resolve_owner_name = name_of("owner")


class OwnedRecordOut(SpaceRecordOut):
    """The answer about a record a member keeps in a space: it begins with the record's id,
    the space's and the owner's."""

    id: int
    space: int
    owner: int


def not_true_or_false(value: Any) -> Any:
    """pydantic's lax mode reads JSON's true as 1 and false as 0 where a number belongs: a
    client that sent a yes/no for a rating, a count or an id would be taken at a number it
    never meant (``about: true`` named the person with id 1). Strings stay as lax as before
    (form and query values arrive as text)."""
    if isinstance(value, bool):
        raise ValueError("A number is needed here, not true or false.")
    return value


# Every whole number in a request body (tests.core.test_odd_input checks each operation's).
WholeNumber = Annotated[int, BeforeValidator(not_true_or_false)]

# The id of a record or a person in a request body: what SQLite and PostgreSQL store (a
# signed 64-bit integer, from 1). A larger number names nothing and is refused as invalid
# before a query is built (SQLite cannot even bind it). The bounds come before the check: after
# it, pydantic could not put them in the document as minimum and maximum.
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1), BeforeValidator(not_true_or_false)]


def _storable(value: datetime) -> datetime:
    # The database keeps times in UTC: 0001-01-01T00:00+05:00 would be in the year 0 there.
    if value.tzinfo is not None:
        try:
            value.astimezone(UTC)
        except OverflowError:
            raise ValueError("This time is out of range.") from None
    return value


# A time in a request body that the database can store (naive times are the services' to
# refuse, with their own message).
StorableDateTime = Annotated[datetime, AfterValidator(_storable)]

ShortText = Annotated[str, checked_text(120)]
Name = Annotated[str, checked_text(80)]
OptionalShortText = Annotated[str, checked_text(200, required=False)]
LongText = Annotated[str, checked_text(5000, multiline=True)]
OptionalLongText = Annotated[str, checked_text(5000, required=False, multiline=True)]

# Every known value is accepted by the schema, so that a service can answer a clear 400 for a
# value its record does not take ("never with the space") instead of a generic 422.
VisibilityValue = Literal["private", "counsellor", "space", "space_counsellor"]


class VisibilityIn(Schema):
    visibility: VisibilityValue


class ErrorDetailOut(Schema):
    code: str
    message: str
    fields: dict[str, str]


class ErrorOut(Schema):
    """Every failure: `{"error": {"code": "…", "message": "…", "fields": {…}}}`."""

    error: ErrorDetailOut


def error_responses(*statuses: int) -> dict[int, type[ErrorOut]]:
    """``response={201: ThingOut, **error_responses(403, 409)}``: the failures a route's own
    services answer. What every operation can meet (401, 404, 422, ...) is added for all of
    them in ``mend.api.main``."""
    return dict.fromkeys(statuses, ErrorOut)
