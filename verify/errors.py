"""One exception tree for the whole package.

Every error carries the context a person needs to act on it (the file and line,
the URL, the source key, the claim). The CLI is the only place that turns them
into one-line messages; below it they are raised, never printed.

    VerifyError
    ├── ConfigError            bad settings, flags or verify.toml        (exit 2)
    │   └── RegistryError      a broken sources.toml                     (exit 2)
    ├── InputError             an article or data file that cannot be read (exit 2)
    ├── StoreError             the database: connection, migration, integrity
    ├── FetchError             the HTTP layer and the archive
    │   ├── BlockedAddressError  a host that resolves to a refused address
    │   ├── RobotsDisallowedError
    │   └── ArchiveError       a WARC record that is missing or does not hash right
    ├── ParseError             a fetched document that does not parse
    ├── MatchError             evidence and verdicts
    ├── NotBuiltError          a stage that does not exist yet                (exit 1)
    └── RunIncomplete          the run finished, but some work items failed   (exit 3)
"""

from __future__ import annotations

from pathlib import Path


class VerifyError(Exception):
    """The root of every error verify raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, **context: object) -> None:
        super().__init__(message)
        self.message = message
        self.context = {k: v for k, v in context.items() if v is not None}

    def __str__(self) -> str:
        return self.message


class ConfigError(VerifyError):
    """Settings that cannot be used: a flag, an environment variable, verify.toml."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        key: str | None = None,
    ) -> None:
        super().__init__(message, path=path, line=line, key=key)
        self.path = str(path) if path is not None else None
        self.line = line
        self.key = key

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        key = f"[{self.key}] " if self.key else ""
        return f"{where}{key}{self.message}"


class RegistryError(ConfigError):
    """A source registry (sources.toml) that does not validate."""


class InputError(VerifyError):
    """An input file (article, claim/evidence records) that cannot be used."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        super().__init__(message, path=path, line=line)
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        if self.path:
            return f"{self.path}{':' + str(self.line) if self.line else ''}: {self.message}"
        return self.message


class StoreError(VerifyError):
    """The database: cannot connect, cannot migrate, or an integrity problem."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message, url=url)
        self.url = url


class FetchError(VerifyError):
    """The HTTP layer or the archive could not produce a document."""

    def __init__(self, message: str, *, url: str | None = None, source: str | None = None):
        super().__init__(message, url=url, source=source)
        self.url = url
        self.source = source

    def __str__(self) -> str:
        return f"{self.url}: {self.message}" if self.url else self.message


class BlockedAddressError(FetchError):
    """A host resolved to a private, loopback, link-local or reserved address."""


class RobotsDisallowedError(FetchError):
    """robots.txt does not allow this URL for our User-Agent."""


class ArchiveError(FetchError):
    """A WARC record is missing, unreadable or does not match its digest."""


class ParseError(VerifyError):
    """A fetched document that does not parse as the kind of page expected."""

    def __init__(self, message: str, *, url: str | None = None, source: str | None = None):
        super().__init__(message, url=url, source=source)
        self.url = url
        self.source = source

    def __str__(self) -> str:
        return f"{self.url}: {self.message}" if self.url else self.message


class MatchError(VerifyError):
    """Evidence or verdicts could not be computed."""

    def __init__(self, message: str, *, claim: str | None = None) -> None:
        super().__init__(message, claim=claim)
        self.claim = claim


class NotBuiltError(VerifyError):
    """A command whose stage is not built yet. Says so; never fakes output."""

    def __init__(self, command: str) -> None:
        super().__init__(f"'verify {command}' is not built yet", command=command)


class RunIncomplete(VerifyError):
    """A run that finished with work items that failed inside the tool.

    Its report is written all the same, with each failure named in the verdicts
    it touches; running the same command again retries the failed items.
    """

    exit_code = 3

    def __init__(self, message: str, *, failed: int = 0) -> None:
        super().__init__(message, failed=failed)
        self.failed = failed
