"""Open data: the JDIHN harvest feed, the JSON API for partners, Atom feeds,
bulk import and export."""
