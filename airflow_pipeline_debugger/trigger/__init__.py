"""trigger package."""
