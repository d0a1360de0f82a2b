"""Reading a regulation by its articles: the parsed structure of its main
text (``jdih.structure``) stored per document, the reading view on the
document page, the staff actions and the API's structure endpoint."""
