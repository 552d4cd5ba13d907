"""Allow ``python -m mojifix``."""

from mojifix.cli import main

if __name__ == "__main__":
    main()
