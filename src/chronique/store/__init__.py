from chronique.store.sqlite import EventFilter, Store

__all__ = ["EventFilter", "Store"]
