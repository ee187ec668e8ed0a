"""The model path: one budgeted, streamed, structured call on top of the deterministic result."""
