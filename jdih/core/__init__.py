"""What every area shares: the error base, the audit log and workflow
transitions, slugs, time, form helpers and how a request wants its answer.

Nothing here imports an area (accounts, catalogue, news, ...): areas depend
on core, never the reverse.
"""
