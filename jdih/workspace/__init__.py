"""The staff workspace: what needs doing, gathered from every area."""
