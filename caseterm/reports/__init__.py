"""Work products for others: family progress reports, calendar files, spreadsheets.

Sits between ``store`` and the faces: may import ``model`` and ``store``, never ``cli``,
``tui`` or Textual. Kept free of imports so that ``import caseterm`` stays cheap.
"""
