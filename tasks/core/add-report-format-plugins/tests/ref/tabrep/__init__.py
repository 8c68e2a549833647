"""tabrep: quick reports from CSV files."""
