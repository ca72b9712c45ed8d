"""Entry script for the frozen app: the same `briefing` command as the installed one."""

from briefing.cli import main

if __name__ == "__main__":
    main()
