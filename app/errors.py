"""Typed domain errors: each carries the Russian message the operator sees."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
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


STALE = ("Запись изменил другой пользователь, пока вы её редактировали. "
         "Откройте её заново и повторите изменение")


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


class FileProblem(DomainError):
    """A file or folder the operator named cannot be read or written."""


_ERRNO_RU = {
    errno.ENOENT: "нет такого файла или папки",
    errno.ENOTDIR: "часть пути — не папка",
    errno.EISDIR: "это папка, а не файл",
    errno.EACCES: "нет прав доступа",
    errno.EPERM: "операция не разрешена",
    errno.EROFS: "файловая система только для чтения",
    errno.ENOSPC: "нет места на диске",
    errno.EEXIST: "уже существует",
    errno.ENAMETOOLONG: "слишком длинное имя",
    errno.EINVAL: "недопустимое имя или путь",
}


def os_message(exc: OSError) -> str:
    """An operating-system error in Russian: what went wrong, not the C library's words."""
    return _ERRNO_RU.get(exc.errno or 0, exc.strerror or type(exc).__name__)


@contextmanager
def file_errors(path: object, action: str = "записать") -> Iterator[None]:
    """Turn an OSError while reading or writing `path` into a FileProblem with its path:
    `with file_errors(folder): ...` → «Не удалось записать /dev/null/x: часть пути — не папка»."""
    try:
        yield
    except OSError as exc:
        where = exc.filename if exc.filename is not None else path
        raise FileProblem(f"Не удалось {action} {where}: {os_message(exc)}") from None
