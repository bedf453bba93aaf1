"""Deployment secrets kept in the database so every worker and host shares them."""
from sqlalchemy.exc import IntegrityError

from app.db import Database
from app.models import ServerSecret
from app.security import new_token


def server_secret(db: Database, name: str) -> str:
    """The secret called `name`, generated on first use; concurrent first uses agree."""
    with db.read() as s:
        row = s.get(ServerSecret, name)
        if row:
            return row.value
    try:
        with db.write() as s:
            s.add(ServerSecret(name=name, value=new_token(48)))
    except IntegrityError:
        pass
    with db.read() as s:
        secret = s.get(ServerSecret, name)
    assert secret is not None  # stored just now, by us or by the process that won the race
    return secret.value
