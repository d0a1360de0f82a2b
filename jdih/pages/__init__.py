"""The office's own pages (profil, kontak, panduan), edited by admins, and the site map."""
