"""The mood kind's script strings (none to translate: a test kind speaks English)."""
PHONE: list = []
STAFF: list = []
