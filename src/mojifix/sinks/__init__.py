"""Everything that writes to the terminal: the console wrapper, messages, diffs, JSON, tables.

Lower layers (runner, stream, files) return values; only these modules turn them into text.
"""
