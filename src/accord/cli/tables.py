"""Tables that never cut an id, a name or a number: only prose wraps.

Rich shrinks every column of a table that is wider than the terminal and ends what no longer
fits with "…" — ``SActor-…`` for every actor of a KTAB file, ``ukraine-talks-…`` in ``accord
scenarios``. A :class:`Table` here marks the columns that hold prose (titles, quotes, sentences,
labels); every other column keeps its full width. When the fixed columns and the narrowest
prose columns still do not fit, each row is printed as a record, one ``header: value`` line per
column, so nothing is lost at 60 columns either.

Piped output (stdout not a terminal and no ``COLUMNS`` in the environment) has no width limit:
each row stays on one line, plain (no colour, no vertical rules), and ``grep`` finds it whole.

>>> from rich.console import Console
>>> t = Table(title="Scenarios")
>>> t.add_column("id")
>>> t.add_column("title", prose=True)
>>> t.add_row("ukraine-talks-2026-01", "Russia–Ukraine–US talks on ending the war")
>>> out = Console(width=30, color_system=None, file=__import__("io").StringIO())
>>> out.print(t)
>>> text = out.file.getvalue()
>>> "ukraine-talks-2026-01" in text, "…" in text
(True, False)
"""

from __future__ import annotations

from typing import Any

#: A prose column may wrap down to this many characters before rows become records.
PROSE_MIN = 12
#: Width of piped output: no limit in practice (each row on one line).
UNLIMITED = 100_000


def _plain_box():
    """Piped tables: a row of dashes under the header, nothing else (ASCII, no rules)."""
    from rich.box import Box

    return Box("    \n    \n -  \n    \n    \n    \n    \n    \n", ascii=True)


class Table:
    """A table whose id, name and number columns are never cut (see the module docstring).

    The constructor and :meth:`add_column` take the ``rich.table.Table`` arguments the
    commands use; ``prose=True`` marks a column that may wrap.
    """

    def __init__(self, title: Any = None, caption: Any = None, *, title_justify: str = "left",
                 caption_justify: str = "left", show_lines: bool = False, **_ignored: Any):
        self.title = title
        self.caption = caption
        self.title_justify = title_justify
        self.caption_justify = caption_justify
        self.show_lines = show_lines
        self.columns: list[dict[str, Any]] = []
        self.rows: list[tuple[Any, ...]] = []

    def add_column(self, header: str = "", justify: str = "left", *, prose: bool = False,
                   **_ignored: Any) -> None:
        self.columns.append({"header": header, "justify": justify, "prose": prose})

    def add_row(self, *cells: Any) -> None:
        self.rows.append(tuple("" if c is None else c for c in cells))

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @staticmethod
    def grid(*args: Any, **kwargs: Any):
        """A borderless rich grid (key/value lines), as ``rich.table.Table.grid``."""
        from rich.table import Table as RichTable

        return RichTable.grid(*args, **kwargs)

    # --- rendering -----------------------------------------------------------------------

    def _rich(self, console, fits_terminal: bool = True):
        from rich import box
        from rich.table import Table as RichTable

        plain = not console.is_terminal
        t = RichTable(title=self.title, caption=self.caption, title_justify=self.title_justify,
                      caption_justify=self.caption_justify, show_lines=self.show_lines,
                      box=_plain_box() if plain else box.SIMPLE_HEAVY, show_edge=False,
                      pad_edge=False, padding=(0, 1, 0, 0))
        for c in self.columns:
            t.add_column(c["header"], justify=c["justify"], no_wrap=not c["prose"],
                         overflow="fold")
        for r in self.rows:
            t.add_row(*r)
        return t

    def _fits(self, console, options, table) -> bool:
        if options.max_width >= UNLIMITED:  # piped: everything fits, nothing to measure
            return True
        wide = options.update_width(UNLIMITED)
        need = table._extra_width
        for c, column in zip(self.columns, table.columns):
            m = table._measure_column(console, wide, column)
            need += max(min(m.maximum, PROSE_MIN), m.minimum) if c["prose"] else m.maximum
        return need <= options.max_width

    def __rich_console__(self, console, options):
        table = self._rich(console)
        parts = [table] if self._fits(console, options, table) else \
            list(self._records(console, options))
        if console.is_terminal:
            yield from parts
            return
        # Plain output: the same lines without the padding at their ends, as finished segments
        # (each line as a Text was measured, wrapped and split again: a fifth of the time of
        # `accord forecast`'s tables, issue 18).
        from rich.segment import Segment

        for part in parts:
            for line in console.render_lines(part, options, pad=False):
                yield Segment("".join(seg.text for seg in line).rstrip())
                yield Segment.line()

    def _records(self, console, options):
        """Each row as ``header: value`` lines (the table is wider than the terminal)."""
        from rich.table import Table as RichTable
        from rich.text import Text

        if self.title is not None:
            yield self.title if isinstance(self.title, Text) else console.render_str(
                str(self.title), style="table.title")
        # Headers take at most a third of the width (they wrap, as labels may); values the rest.
        cap = max(8, options.max_width // 3)
        width = min(cap, max((len(str(c["header"])) + 1 for c in self.columns), default=0))
        for n, row in enumerate(self.rows):
            grid = RichTable.grid(padding=(0, 1))
            grid.add_column(style="dim", min_width=width, max_width=width, overflow="fold")
            grid.add_column(overflow="fold")
            for c, cell in zip(self.columns, row):
                grid.add_row(f"{c['header']}:", cell)
            if n:
                yield Text("")
            yield grid
        if self.caption is not None:
            yield console.render_str(str(self.caption), style="table.caption")

    def __rich_measure__(self, console, options):
        return self._rich(console).__rich_measure__(console, options)
