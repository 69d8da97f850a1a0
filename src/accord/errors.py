"""Errors a user can cause, each naming the place: file, line, field, what was wrong, what is expected.

Programming errors raise ordinary Python exceptions; everything a user can trigger through a
file, a flag or a form raises :class:`AccordError` (or a subclass), which the CLI prints as one
line and turns into exit code 2.
"""

from __future__ import annotations


class AccordError(Exception):
    """A problem with the user's input, explained in one line."""

    exit_code = 2


class ScenarioError(AccordError):
    """A located problem in a scenario file.

    >>> str(ScenarioError("stances[3].salience", "1.7 is outside [0, 1]", file="talks.yaml", line=42))
    'talks.yaml:42: stances[3].salience: 1.7 is outside [0, 1]'
    """

    def __init__(self, field: str | None, message: str, *, file: str | None = None,
                 line: int | None = None):
        self.field = field
        self.message = message
        self.file = file
        self.line = line
        super().__init__(self.format())

    def format(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        elif self.line:
            where = f"line {self.line}: "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.message}"

    def located(self, file: str | None = None, line: int | None = None) -> "ScenarioError":
        return ScenarioError(self.field, self.message, file=self.file or file,
                             line=self.line or line)


class ScenarioErrors(AccordError):
    """Several located problems found in one pass; the first line is the headline."""

    def __init__(self, errors: list[ScenarioError]):
        self.errors = errors
        head = errors[0].format()
        more = f" (and {len(errors) - 1} more: " + "; ".join(e.format() for e in errors[1:4]) + \
            (" …" if len(errors) > 4 else "") + ")" if len(errors) > 1 else ""
        super().__init__(head + more)
