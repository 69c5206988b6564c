"""The event store: SQLite by default, PostgreSQL with a postgresql:// URL (one schema)."""

from chronique.store.core import (
    BBox,
    DayCount,
    EventFilter,
    MapPoint,
    Store,
    connect,
    store_exists,
)

__all__ = ["BBox", "DayCount", "EventFilter", "MapPoint", "Store", "connect", "store_exists"]
