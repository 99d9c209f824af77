"""Typed domain errors: each carries the Russian message the operator sees."""

from __future__ import annotations

from dataclasses import dataclass


class DomainError(Exception):
    """A business rule said no. `message` is for the operator; nothing has been written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    pass


class AccessDenied(DomainError):
    pass


class PeriodClosed(DomainError):
    pass


class Conflict(DomainError):
    """Someone else changed the record since it was read (optimistic version check)."""


class DatabaseProblem(DomainError):
    """The database does not answer, is not Kvartal's, or is newer than this program."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where (a path, a line, an account) and what, in Russian."""

    where: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class InvalidInput(DomainError):
    """Several problems found at once; reported together, nothing written."""

    def __init__(self, problems: list[Problem], title: str = "Данные не приняты") -> None:
        self.problems = problems
        lines = "\n".join(f"• {p}" for p in problems[:50])
        more = f"\n… и ещё {len(problems) - 50}" if len(problems) > 50 else ""
        super().__init__(f"{title}:\n{lines}{more}")
