"""quangba: a province's image-promotion data system.

Read top-down: ``model`` (the typed catalog), ``yamlfiles`` and ``load`` (files → model),
``rules`` (every check, listed in ``rules.yaml``), then the stages ``validate``, ``site``,
``export`` and ``build``, and ``cli`` which wires them to the ``quangba`` command.
"""

__version__ = "0.1.0"
