"""Project errors. The CLI turns each into one clear line and a non-zero exit."""

__all__ = ["KgError", "DataError", "BuildError", "StoreError", "QueryError", "QueryTimeout",
           "QueryMemory", "UsageError", "Interrupted"]


class KgError(Exception):
    """Base of every error a user can cause and fix. ``exit_code`` is what the CLI exits with."""

    exit_code = 1


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
    """A SPARQL query could not be parsed, was refused, or failed while running."""

    exit_code = 2


class QueryTimeout(QueryError):
    """A query ran past its wall-clock limit and was stopped."""

    exit_code = 3


class QueryMemory(QueryError):
    """A query's process passed its memory limit and was stopped."""

    exit_code = 3


class Interrupted(BaseException):
    """A signal (SIGTERM, SIGHUP, SIGINT) asked kg to stop. A BaseException, so that no
    ``except Exception`` keeps running; ``finally`` blocks still clean up (temporary files,
    the query's child process). The CLI exits with 128 + the signal's number."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(signum)


class UsageError(KgError):
    """A name, id, parameter or format the user gave does not exist; the message lists the
    valid choices."""

    exit_code = 2
