class SQLError(Exception):
    """Raised for syntax errors, unknown names and invalid operations."""
