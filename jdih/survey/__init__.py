"""The public satisfaction survey (Indeks Kepuasan Masyarakat) and its results."""
