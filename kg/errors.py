"""Project errors. The CLI turns each into one clear line and a non-zero exit."""

__all__ = ["KgError", "DataError", "BuildError", "StoreError", "QueryError"]


class KgError(Exception):
    """Base of every error a user can cause and fix."""


class DataError(KgError):
    """One bad entry in a data file: ``file: entry: reason``."""

    def __init__(self, file: str, entry: str, reason: str):
        self.file, self.entry, self.reason = file, entry, reason
        super().__init__(f"{file}: {entry}: {reason}")


class BuildError(KgError):
    """The build failed; ``problems`` holds one line per problem found."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        head = self.problems[0] if self.problems else "build failed"
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(head + more)


class StoreError(KgError):
    """The store is missing, locked or unreadable."""


class QueryError(KgError):
    """A SPARQL query could not be parsed or run."""
