"""Translators' workflow: what is missing or out of date per language and agency
(``status``), and files their tools read — gettext PO (``po``) and XLIFF 2.0 (``xliff``) —
with one unit per title, summary and paragraph, exported and imported through ``units``.

Vietnamese is the source. A translation records the Vietnamese version it was made from
(``source:``); an import only writes a text whose source version still matches.
"""
