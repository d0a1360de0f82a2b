"""What the office shares with its partners (Bawaslu and others)."""
