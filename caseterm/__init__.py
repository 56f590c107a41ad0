"""caseterm: a caseload manager for special-education case managers.

Kept free of imports so that ``import caseterm`` stays cheap.
"""

__version__ = "0.1.0"
