"""The library: one SQLite store and the records it keeps.

``opening`` finds, creates, decrypts and migrates the file (``schema``,
``encryption``); ``store`` wraps the connection with transactions. The records:
``documents`` (and their ``search_index`` rows), ``people``, ``events``
(visits and meetings), ``figures``, ``annotations`` (highlights and notes,
woven into text by ``highlights``); ``markings`` is the classification scale,
``fold`` the cross-script folding of words that search and people share.

The user's own records are made and changed by hand through ``person_edits``
(with ``roles`` over time and ``portraits``), ``people_merge``, ``events`` and
its ``programme``, and ``figures``; each edit returns a ``records.RecordChange``
(the record before and after), which ``record_undo`` writes back.

May import: the foundation modules (``briefing.errors``, ``dates``,
``resources``). Nothing above it.
"""
