"""The ``ledgerly`` command line (``python3 -m ledgerly``)."""
