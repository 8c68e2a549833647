"""Business operations. Each public method checks a permission, runs in one transaction and
writes an audit entry for every change."""
