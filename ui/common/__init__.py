"""What every screen uses: the theme, actions, layout helpers, Markdown views, and the one way to run long work.

Long work is an ``operations.Operation``, run one of three ways: on the
library through the ``OpRunner`` (reads on a pool, writes in order on one
worker), before any library is open with ``operations.run_alone``, or, when
it cannot leave the UI thread, a step at a time with ``steps.run_in_steps``.
``progress.ProgressJob`` shows any of them with a delayed, cancellable
dialog. ``windows`` keeps result windows open without blocking; ``actions``
makes menu actions one way.

Imports the core and Qt only: never a screen, ``ui.main_window`` or ``ui.app``.
"""
