"""``accord evidence``: add articles, list and show the statements found, link them to stances."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from accord.cli.app import app, sub_app
from accord.cli.common import (DEFAULT_SCENARIO, SCENARIO_HELP, TABLE_JSON_HELP, Table,
                               TableOrJson, Text, console, emit_json, load_scenario_arg, styled)
from accord.errors import AccordError

evidence_app = sub_app(
    help="Evidence: read articles into located, attributed statements; link them to stances.",
    no_args_is_help=True)
app.add_typer(evidence_app, name="evidence")

_DB_HELP = "SQLite store (default: accord.db in the user data directory, or $ACCORD_DB)"


def _connect(db: Optional[Path]):
    from accord.store.evidence import connect_evidence

    return connect_evidence(db)


def _flat(text: str) -> str:
    """A quote on one line (its line breaks are the article's layout, not the speaker's)."""
    return " ".join(text.split())


@evidence_app.command("add")
def add_cmd(
    files: list[Path] = typer.Argument(..., help="text or HTML files", metavar="FILE..."),
    scenario: str = typer.Option(DEFAULT_SCENARIO, "--scenario", "-s",
                                 help="scenario whose actors and issues the statements use"),
    db: Optional[Path] = typer.Option(None, "--db", help=_DB_HELP),
    format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f",
                                       help=TABLE_JSON_HELP),
) -> None:
    """Read files, find who said what on which issue, and store sources and statements.

    Adding a file twice adds nothing: sources are identified by the hash of their bytes.
    """
    from accord.evidence.extract import Extractor
    from accord.evidence.ingest import read_document
    from accord.store.evidence import add_file, list_statements

    s = load_scenario_arg(scenario)
    # every file read first (bytes, decoding, an HTML page's article text): a PNG, an empty
    # file or a page without a main text second stores no first either
    documents = [read_document(f) for f in files]
    extractor = Extractor(s)
    conn = _connect(db)
    try:
        results = []
        for f, document in zip(files, documents):
            added = add_file(conn, f, s, extractor, document=document)
            statements = list_statements(conn, source=added.source_id, scenario=s.id)
            results.append((added, statements))
    finally:
        conn.close()
    if format == TableOrJson.json:
        emit_json([{"file": a.file, "source": a.source_id, "new_source": a.new_source,
                    "statements_added": a.statements_added,
                    "statements": sts} for a, sts in results])
        return
    for a, sts in results:
        state = "new source" if a.new_source else "already stored"
        console.print(styled("[bold]{}[/bold] → source [cyan]{}[/cyan] ({}); {} statements "
                             "added, {} in all", a.file, a.source_id, state, a.statements_added,
                             a.statements_total))
        _statement_table(sts)


def _statement_table(rows: list[dict], title: str | None = None) -> None:
    t = Table(title=title, title_justify="left")
    t.add_column("id")
    t.add_column("speaker", prose=True)
    t.add_column("issues")
    t.add_column("date")
    t.add_column("quote", prose=True)
    for r in rows:
        who = styled("{}" + (" [dim](analysis)[/dim]" if r.get("kind") == "analysis" else "")
                     + ("\n[dim]set aside: {}[/dim]" if r.get("set_aside") else "{}")
                     + ("\n[dim]via {}[/dim]" if r["reported_by"] else ""),
                     r["speaker"] or r["speaker_name"], r.get("set_aside") or "",
                     r["reported_by"])
        t.add_row(r["id"], who, "\n".join(r["issues"]) or "—", r["date"] or "—",
                  (_flat(r["quote"])))
    console.print(t)


@evidence_app.command("list")
def list_cmd(
    actor: Optional[str] = typer.Option(None, "--actor", "-a", help="speaker: actor id or name"),
    issue: Optional[str] = typer.Option(None, "--issue", "-i", help="issue id"),
    source: Optional[str] = typer.Option(None, "--source", help="source id"),
    scenario: Optional[str] = typer.Option(None, "--scenario", "-s",
                                           help="only statements extracted for this scenario"),
    kind: str = typer.Option("statement", "--kind", "-k",
                             help="statement (an actor's), analysis (the author's own), "
                                  "set_aside (found, but no statement: the reason is given) "
                                  "or all"),
    db: Optional[Path] = typer.Option(None, "--db", help=_DB_HELP),
    format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f",
                                       help=TABLE_JSON_HELP),
) -> None:
    """List stored statements, optionally by speaker, issue, source, scenario or kind.

    The author's own analysis is kept apart from what actors say: it is listed only with
    ``--kind analysis`` (or ``all``); so are the candidates the rules found but set aside as no
    statement (``--kind set_aside``, each with the reason).
    """
    from accord.store.evidence import list_statements

    if kind not in ("statement", "analysis", "set_aside", "all"):
        raise AccordError(f"--kind {kind!r}: expected statement, analysis, set_aside or all")
    conn = _connect(db)
    try:
        rows = list_statements(conn, actor=actor, issue=issue, source=source, scenario=scenario,
                               kind=None if kind == "all" else kind)
    finally:
        conn.close()
    if format == TableOrJson.json:
        emit_json(rows)
        return
    _statement_table(rows, title=f"{len(rows)} statements")


@evidence_app.command("show")
def show_cmd(
    statement_id: str = typer.Argument(..., metavar="ID", help="statement id (st-…)"),
    db: Optional[Path] = typer.Option(None, "--db", help=_DB_HELP),
    format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f",
                                       help=TABLE_JSON_HELP),
) -> None:
    """Show one statement: its sentence with the quoted span highlighted, and where it is from
    (an analysis or a candidate set aside says so, the latter with its reason)."""
    from accord.store.evidence import get_source, get_statement

    conn = _connect(db)
    try:
        st = get_statement(conn, statement_id)
        if st is None:
            raise AccordError(f"no statement {statement_id!r} in the store; expected an id "
                              "shown by `accord evidence list`")
        src = get_source(conn, st["source_id"])
    finally:
        conn.close()
    if format == TableOrJson.json:
        emit_json({**st, "source": src["source"] if src else None})
        return
    original = src["original"] if src else st["sentence"]
    s0, s1 = st["sentence_start"], st["sentence_end"]
    text = Text(original[s0:s1])
    text.stylize("bold black on yellow", st["start"] - s0, st["end"] - s0)
    source = src["source"] if src else {}
    console.print(styled("[bold]{}[/bold]  {}{}", st["id"], st["speaker"] or st["speaker_name"],
                         f" (reported by {st['reported_by']})" if st["reported_by"] else ""))
    console.print(text)
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="dim")
    meta.add_column()
    # an analysis or a candidate set aside is no actor's statement: say so, and why
    if st["kind"] == "set_aside":
        meta.add_row("set aside", st["set_aside"] or "—")
    elif st["kind"] != "statement":
        meta.add_row("kind", st["kind"])
    date = st["date"] or "—"
    if st["date_text"]:
        date += f"  ({st['date_text']}, {st['date_precision']})"
    for k, v in (("issues", ", ".join(st["issues"]) or "—"), ("about", ", ".join(st["about"]) or "—"),
                 ("date", date), ("span", f"{st['start']}–{st['end']} in {st['file'] or st['source_id']}"),
                 ("segment", st["segment"]), ("rule", f"{st['rule']} ({st['verb'] or '—'})"),
                 ("confidence", f"{st['confidence']:.2f}"),
                 ("source", f"{source.get('title', st['source_id'])} — {source.get('author') or '?'}"
                            + (f", translated by {source['translator']}" if source.get("translator")
                               else ""))):
        meta.add_row(k, v)
    console.print(meta)


@evidence_app.command("link")
def link_cmd(
    scenario: str = typer.Argument(DEFAULT_SCENARIO, help=SCENARIO_HELP, metavar="SCENARIO"),
    db: Optional[Path] = typer.Option(None, "--db", help=_DB_HELP),
    format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f",
                                       help=TABLE_JSON_HELP),
    limit: int = typer.Option(3, "--limit", "-n", min=0,
                              help="proposals shown per stance (table)"),
) -> None:
    """Propose for each stance the stored statements that bear on it; flag stances without support.

    A stance is supported when the scenario cites evidence for it, or a stored statement by the
    actor or one of its members is on its issue; statements that only mention the actor are
    proposed too, but do not count as support.
    """
    from accord.evidence.link import link_stances
    from accord.store.evidence import list_statements

    s = load_scenario_arg(scenario)
    conn = _connect(db)
    try:
        rows = list_statements(conn, scenario=s.id)
    finally:
        conn.close()
    links = link_stances(s, rows)
    if format == TableOrJson.json:
        emit_json({"scenario": s.id, "statements": len(rows),
                   "unsupported": [f"{l.actor}/{l.issue}" for l in links if not l.supported],
                   "stances": [l.to_dict() for l in links]})
        return
    names = {a.id: a.name for a in s.actors}
    issue_names = {i.id: i.name for i in s.issues}
    t = Table(title=f"{s.title}: evidence for stances ({len(rows)} stored statements)",
              title_justify="left")
    for col in ("actor", "issue", "support", "proposed statements"):
        t.add_column(col, prose=col in ("issue", "proposed statements"))
    for l in links:
        parts = []
        if l.cited:
            parts.append(f"[green]cited[/green] ({len(l.cited)})")
        if l.stated:
            parts.append("[green]statements[/green]")
        flag = styled("\n".join(parts) or "[red]unsupported[/red]")
        props = "\n".join(f"{p.statement_id} ({p.relation}: {p.speaker}, "
                          f"{p.confidence:.2f}) {_flat(p.quote)}" for p in l.proposals[:limit])
        more = len(l.proposals) - limit
        if more > 0:
            props += f"\nand {more} more (--limit, or --format json)"
        t.add_row(names.get(l.actor, l.actor), issue_names.get(l.issue, l.issue),
                  flag, props or "—")
    console.print(t)


@evidence_app.command("actors")
def actors_cmd(
    scenario: str = typer.Argument(DEFAULT_SCENARIO, help=SCENARIO_HELP, metavar="SCENARIO"),
    status: str = typer.Option("proposed", "--status", help="proposed, accepted, rejected or all"),
    db: Optional[Path] = typer.Option(None, "--db", help=_DB_HELP),
    format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f",
                                       help=TABLE_JSON_HELP),
) -> None:
    """Speakers the scenario lacks (persons with titles, organisations), proposed as new actors.

    Accept one with ``accord evidence accept ID --into SCENARIO.yaml``.
    """
    from accord.store.evidence import list_proposed_actors

    s = load_scenario_arg(scenario)
    conn = _connect(db)
    try:
        rows = list_proposed_actors(conn, s.id, None if status == "all" else status)
    finally:
        conn.close()
    if format == TableOrJson.json:
        emit_json(rows)
        return
    t = Table(title=f"{s.title}: speakers proposed as actors", title_justify="left")
    for col in ("id", "name", "kind", "member of", "roles", "statements", "status"):
        t.add_column(col, prose=col == "roles", justify="right" if col == "statements" else "left")
    for r in rows:
        t.add_row(r["id"], r["name"], r["kind"], ", ".join(r["member_of"]) or "—",
                  (", ".join(r["roles"])) or "—", str(r["statements"]), r["status"])
    console.print(t)


@evidence_app.command("accept")
def accept_cmd(
    actor_id: str = typer.Argument(..., metavar="ID", help="proposed actor id (evidence actors)"),
    scenario: str = typer.Option(DEFAULT_SCENARIO, "--scenario", "-s", help="built-in id or file"),
    into: Optional[Path] = typer.Option(None, "--into",
                                        help="scenario YAML file to add the actor to"),
    db: Optional[Path] = typer.Option(None, "--db", help=_DB_HELP),
    format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f",
                                       help=TABLE_JSON_HELP),
) -> None:
    """Accept a proposed actor: its stored statements are attributed to it, and with ``--into``
    it is appended to the scenario's YAML file (comments and order kept)."""
    from accord.store.evidence import set_proposal_status

    s = load_scenario_arg(str(into) if into else scenario)
    conn = _connect(db)
    try:
        actor = set_proposal_status(conn, s.id, actor_id, "accepted")
    finally:
        conn.close()
    if into is not None:
        _append_actor(into, actor)
    if format == TableOrJson.json:
        emit_json(actor)
        return
    console.print(styled("accepted [cyan]{}[/cyan] ({}){}", actor["id"], actor["name"],
                         f"; added to {into}" if into else ""))


@evidence_app.command("reject")
def reject_cmd(
    actor_id: str = typer.Argument(..., metavar="ID", help="proposed actor id (evidence actors)"),
    scenario: str = typer.Option(DEFAULT_SCENARIO, "--scenario", "-s", help="built-in id or file"),
    db: Optional[Path] = typer.Option(None, "--db", help=_DB_HELP),
) -> None:
    """Reject a proposed actor (it is not proposed again)."""
    from accord.store.evidence import set_proposal_status

    s = load_scenario_arg(scenario)
    conn = _connect(db)
    try:
        set_proposal_status(conn, s.id, actor_id, "rejected")
    finally:
        conn.close()
    console.print(f"rejected {actor_id}")


def _append_actor(path: Path, actor: dict) -> None:
    """Append an actor to a scenario YAML file, keeping its comments (ruamel round trip)."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    data = yaml.load(path.read_text(encoding="utf-8"))
    actors = data.get("actors")
    if actors is None:
        raise AccordError(f"{path}: no 'actors' list; expected a scenario YAML file")
    if any(a.get("id") == actor["id"] for a in actors):
        raise AccordError(f"{path}: actors: an actor {actor['id']!r} exists already")
    entry = {"id": actor["id"], "name": actor["name"],
             "kind": actor["kind"] if actor["kind"] in ("person", "organisation") else "person"}
    if actor["roles"]:
        entry["roles"] = list(actor["roles"])
    if actor["member_of"]:
        entry["member_of"] = list(actor["member_of"])
    entry["note"] = "proposed by evidence extraction, accepted by the analyst"
    actors.append(entry)
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh)
