"""Local servers speaking real protocols (Anthropic Messages, OpenAI chat completions) for tests."""
