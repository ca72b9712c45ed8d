"""The library: one SQLite store and the records it keeps.

``opening`` finds, creates, decrypts and migrates the file (``schema``,
``encryption``); ``store`` wraps the connection with transactions. The records:
``documents`` (and their ``search_index`` rows), ``people``, ``events``
(visits and meetings), ``figures``, ``annotations`` (highlights and notes,
woven into text by ``highlights``); ``markings`` is the classification scale,
``fold`` the cross-script folding of words that search and people share.

May import: the foundation modules (``briefing.errors``, ``dates``,
``resources``). Nothing above it.
"""
