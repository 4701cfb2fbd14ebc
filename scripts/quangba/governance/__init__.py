"""Contribution governance: who may change what, and what a pull request may not do.

- ``ownership``: which agency owns each file of the repository (records, texts, media),
  and which files only the owning department changes;
- ``checkpr``: ``quangba check-pr --base REF``, the review a pull request gets before a person
  looks at it;
- ``codeowners``: the ``CODEOWNERS`` file generated from ``catalog/agencies.yaml``.
"""
