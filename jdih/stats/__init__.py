"""Public statistics of the catalogue and its readers (/statistik, /api/v1/statistik)."""
