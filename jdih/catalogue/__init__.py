"""The catalogue of legal documents: model, vocabularies, files, workflow."""
