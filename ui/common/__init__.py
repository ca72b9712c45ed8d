"""What every screen uses: the theme, layout helpers, Markdown views, and the one way to run background work.

``operations`` runs work off the UI thread and ``progress.ProgressJob`` shows
it with a delayed, cancellable dialog. Imports the core and Qt only: never
a screen, ``ui.main_window`` or ``ui.app``.
"""
