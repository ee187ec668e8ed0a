"""Investigation runners: claim loop, heartbeats, DB-backed step sink, embedded and standalone entry."""
