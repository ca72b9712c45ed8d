"""Entry script for the frozen app: the same `briefing` command as the installed one."""

import sys

if __name__ == "__main__":
    from briefing.pdf.backhalf import HELPER_FLAG

    if sys.argv[1:2] == [HELPER_FLAG]:  # a long export's helper process (briefing/pdf/backhalf.py)
        from briefing.pdf.backhalf import helper_main

        helper_main()
    else:
        from briefing.cli import main

        main()
