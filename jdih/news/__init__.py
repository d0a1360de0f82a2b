"""News (berita): the office's news items, their photos and their citations."""
