class BuildError(Exception):
    """A fatal error: reported as 'mkb: *** <message>' and exit status 2."""


class ParseError(BuildError):
    def __init__(self, filename, lineno, message):
        super().__init__(f"{filename}:{lineno}: {message}")
        self.filename = filename
        self.lineno = lineno
