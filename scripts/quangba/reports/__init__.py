"""Duty reports (Circular 22/2016/TT-BTTTT and the seeds' reporting articles).

``contributions``: what each agency supplied, month by month, measured from the
repository's git history and the records' owners; ``compliance``: who supplied as often as
the province profile requires (``reporting.supply_every``) and who is late; ``documents``:
drafts of the yearly plan (Appendix 01) and the yearly / six-monthly report (Appendix 02) as
.docx and HTML, with charts (``charts``); deadlines come from the profile (``deadlines``).
"""
