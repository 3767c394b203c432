"""Old import path of the remote store: see :mod:`kg.store.remote`."""

from __future__ import annotations

from kg.store.remote import RemoteStore, endpoint_urls

__all__ = ["RemoteStore", "endpoint_urls"]
