"""Samling: a self-hosted live workshop facilitation service."""
