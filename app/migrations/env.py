"""Alembic environment: runs on the connection Database.migrate() hands over."""
from alembic import context
from sqlmodel import SQLModel

import app.models  # noqa: F401  (registers the tables)

target_metadata = SQLModel.metadata


def run() -> None:
    """Run migrations online, batch mode on SQLite so ALTERs work there too."""
    connection = context.config.attributes.get("connection")
    if connection is None:
        from sqlalchemy import create_engine

        connection = create_engine(context.config.get_main_option("sqlalchemy.url")).connect()
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run()
