"""`python -m app` is the `samling` command."""
from app.cli import main

main()
