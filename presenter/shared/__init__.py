"""Several rooms, one tally: talks in different rooms count into one poll through PostgreSQL.

Local first: each room acknowledges a ballot after its own SQLite commit, as
always; the same transaction writes an outbox row (`presenter.store`, by
trigger). A forwarder sends the outbox to PostgreSQL in batches; the database
keeps per-room counters; each room reads the other rooms' counters.

Nothing here imports Textual or aiohttp, and the PostgreSQL driver is imported
only when a shared store is used (`presenter.shared.driver`).
"""
