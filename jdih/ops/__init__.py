"""Operations: backup and restore of a whole installation, and the fixity
check of stored files. The top of the dependency chain: it reads every
area's tables and files, and no area imports it.
"""
