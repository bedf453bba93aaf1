"""What counts as a row id or a client id from outside: checked at the edge, before any query."""
import re
from typing import Annotated, Any

from fastapi import Path, Query

# Ids are 32-bit on PostgreSQL (SERIAL); a larger number would make the driver fail the whole query.
MAX_ROW_ID = 2 ** 31 - 1
# Phones make their client ids from crypto.randomUUID() (or hex); anything else is refused up front.
CLIENT_ID = re.compile(r"[A-Za-z0-9_.:-]{8,64}")

RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="A row id (1 to 2^31-1).")]
QueryRowId = Annotated[int, Query(ge=1, le=MAX_ROW_ID, description="A row id (1 to 2^31-1).")]


def is_row_id(value: Any) -> bool:
    """Whether a value from a phone or the API can be a row id."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ROW_ID


def is_client_id(value: Any) -> bool:
    """Whether a value is a well-formed client id (8-64 characters from a safe set)."""
    return isinstance(value, str) and CLIENT_ID.fullmatch(value) is not None
