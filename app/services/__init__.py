"""Domain logic as plain functions over a Database; routers and the hub call these."""
