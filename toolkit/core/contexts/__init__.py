"""Document contexts (SPEC section 9): what each document prints, already formatted.

Pure functions from a run's ``Results`` to frozen dataclasses of text, one per document:
``report`` (evaluation report), ``pip_letter`` and ``offboarding`` (checklist), planned by
``jobs.plan_documents``. Templates only print and loop over these; rendering them is the
shell's job (``toolkit.shell.documents``).
"""
