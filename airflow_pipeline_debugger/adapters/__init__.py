"""Platform adapters: one per platform, each turning raw logs and artifacts into evidence and signals."""
