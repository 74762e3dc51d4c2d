"""The command line: parses arguments, calls the library, prints, exits.

Data goes to stdout; progress, logs and warnings to stderr. Errors are one
line: exit code 2 for bad input or configuration, 1 for a failure at run time.
Heavy modules are imported inside the commands, so `verify --help` is fast.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

import click

from verify import __version__
from verify.errors import InputError, NotBuiltError, VerifyError


class _Obj:
    """What the root group hands its commands: the global flags."""

    def __init__(self, db: str | None, sources: str | None, archive: str | None) -> None:
        self.db = db
        self.sources = sources
        self.archive = archive

    def settings(self, article: Path | None = None) -> Any:
        from verify.config import resolve_settings

        return resolve_settings(db=self.db, sources=self.sources, archive=self.archive,
                                article=article)


class DefaultGroup(click.Group):
    """A group whose first argument, when not a subcommand, goes to a default one
    (`verify claims ARTICLE` and `verify claims edit CLAIM`)."""

    default_command = "extract"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


pass_obj = click.make_pass_decorator(_Obj)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="verify")
@click.option("--db", metavar="URL", help="Database URL (default: db/verify.sqlite in the "
              "workspace; env VERIFY_DATABASE_URL). postgresql://user@host:port/db works "
              "as written.")
@click.option("--sources", metavar="FILE", help="Source registry (default: the packaged "
              "sources.toml; env VERIFY_SOURCES).")
@click.option("--archive", metavar="DIR", help="WARC archive folder (default: archive/ in the "
              "workspace; env VERIFY_ARCHIVE).")
@click.pass_context
def cli(ctx: click.Context, db: str | None, sources: str | None, archive: str | None) -> None:
    """verify: check a news article's claims against their primary sources.

    A workspace is a folder with a verify.toml (the article's folder, else the
    current one). Run `verify check ARTICLE` for the whole pipeline, or each
    stage on its own: claims, fetch, match, report.
    """
    ctx.obj = _Obj(db, sources, archive)


# ------------------------------------------------------------------ check

@cli.command()
@click.argument("article")
@click.option("--as-of", "as_of", metavar="DATE", help="Judge claims as of this date "
              "(YYYY-MM-DD; default: the article's publication date, else today).")
@click.option("--offline", is_flag=True, help="Replay sources from the archive; open no socket.")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json", "claimreview", "csv"]),
              default="md", show_default=True, help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of stdout.")
@click.option("--published", metavar="DATE", help="The article's publication date.")
@click.option("--url", "article_url", metavar="URL", help="The article's URL.")
@click.option("--publisher", metavar="NAME", help="The article's publisher.")
@pass_obj
def check(obj: _Obj, article: str, as_of: str | None, offline: bool, fmt: str,
          output: Path | None, published: str | None, article_url: str | None,
          publisher: str | None) -> None:
    """Run the whole pipeline on ARTICLE (a file or URL) and write the report.

    claims -> citations -> discover + fetch -> evidence -> verdicts, each step
    through the work queue: a run that is stopped resumes where it stopped.
    """
    from verify.pipeline import ArticleRequest, Pipeline, is_url, parse_date

    when = parse_date(as_of, "--as-of")
    settings = obj.settings(None if is_url(article) else Path(article))
    req = ArticleRequest(article, parse_date(published, "--published"), article_url, publisher)
    store = _open_store(settings)
    pipe = Pipeline(store, settings, offline=offline, progress=_progress, freeze_gc=True)
    try:
        run_id, when = pipe.check(req, when)
        failed = pipe.failures(run_id)
    finally:
        pipe.close()
    _write_report(store, settings, run_id, when, fmt, output)
    _raise_if_failed(failed)


# ------------------------------------------------------------------ claims

@cli.group(cls=DefaultGroup)
def claims() -> None:
    """Extract and store an article's claims; correct them by hand.

    \b
    verify claims ARTICLE            extract, store and list the claims
    verify claims edit CLAIM ...     change a claim's text, kind or flags
    verify claims drop CLAIM         drop a wrongly extracted claim
    verify claims add ARTICLE TEXT   add a claim the extractor missed
    Corrections are kept with who made them and when, and survive a re-run.
    """


@claims.command("extract")
@click.argument("article")
@click.option("--json", "as_json", is_flag=True, help="Print the claims as a JSON list.")
@click.option("--published", metavar="DATE", help="The article's publication date.")
@click.option("--url", "article_url", metavar="URL", help="The article's URL.")
@click.option("--publisher", metavar="NAME", help="The article's publisher.")
@pass_obj
def claims_extract(obj: _Obj, article: str, as_json: bool, published: str | None,
                   article_url: str | None, publisher: str | None) -> None:
    """Extract, store and print the claims of ARTICLE (a file or URL)."""
    import json

    from verify.claims import claim_to_json
    from verify.pipeline import ArticleRequest, Pipeline, is_url, parse_date

    settings = obj.settings(None if is_url(article) else Path(article))
    req = ArticleRequest(article, parse_date(published, "--published"), article_url, publisher)
    store = _open_store(settings)
    pipe = Pipeline(store, settings, progress=_progress)
    try:
        art = pipe.load_article(req)
        run_id = pipe.open_run(art)
        drafts = pipe.stage_claims(run_id)
    finally:
        pipe.close()
        store.close()
    if as_json:
        click.echo(json.dumps([claim_to_json(c) for c in drafts], ensure_ascii=False, indent=2))
        return
    from verify.claims_table import claims_table

    click.echo(claims_table(drafts), nl=False)


@claims.command("edit")
@click.argument("claim")
@click.option("--text", help="The corrected claim text.")
@click.option("--kind", type=click.Choice(["fact", "quote", "attribution", "opinion"]))
@click.option("--flag", "flags", multiple=True, help="Set a flag (repeatable).")
@click.option("--unflag", "unflags", multiple=True, help="Clear a flag (repeatable).")
@click.option("--note", help="Why.")
@click.option("--by", "who", help="Who corrects (default: $USER).")
@pass_obj
def claims_edit(obj: _Obj, claim: str, text: str | None, kind: str | None,
                flags: tuple[str, ...], unflags: tuple[str, ...], note: str | None,
                who: str | None) -> None:
    """Correct a stored claim; the correction survives a re-run."""

    fields: dict[str, Any] = {}
    if text is not None:
        fields["text"] = text
    if kind is not None:
        fields["kind"] = kind
    if flags:
        fields["flag"] = sorted(flags)
    if unflags:
        fields["unflag"] = sorted(unflags)
    if not fields:
        raise click.UsageError("nothing to change: give --text, --kind, --flag or --unflag")
    _correct(obj, "edit", claim, fields, note, who)


@claims.command("drop")
@click.argument("claim")
@click.option("--note", help="Why.")
@click.option("--by", "who", help="Who corrects (default: $USER).")
@pass_obj
def claims_drop(obj: _Obj, claim: str, note: str | None, who: str | None) -> None:
    """Drop a wrongly extracted claim; it stays dropped on a re-run."""
    _correct(obj, "drop", claim, {}, note, who)


@claims.command("add")
@click.argument("article")
@click.argument("text")
@click.option("--kind", type=click.Choice(["fact", "quote", "attribution", "opinion"]),
              default="fact", show_default=True)
@click.option("--note", help="Why.")
@click.option("--by", "who", help="Who corrects (default: $USER).")
@pass_obj
def claims_add(obj: _Obj, article: str, text: str, kind: str, note: str | None,
               who: str | None) -> None:
    """Add a claim the extractor missed to ARTICLE's claims."""
    from verify.corrections import record_addition
    from verify.pipeline import ArticleRequest, Pipeline, is_url

    settings = obj.settings(None if is_url(article) else Path(article))
    store = _open_store(settings)
    pipe = Pipeline(store, settings, progress=_progress)
    try:
        art = pipe.load_article(ArticleRequest(article))
        pipe.open_run(art)
        cid = record_addition(store, art, text, kind, who=_who(who), note=note,
                              now=pipe.clock())
    finally:
        pipe.close()
        store.close()
    click.echo(cid)


# ------------------------------------------------------------------ fetch, show, archive

@cli.command()
@click.argument("url", required=False)
@click.option("--offline", is_flag=True, help="Replay from the archive; open no socket.")
@click.option("--as-of", "as_of", metavar="DATE", help="Discover documents published no "
              "later than this date (default: the article's date, else today).")
@pass_obj
def fetch(obj: _Obj, url: str | None, offline: bool, as_of: str | None) -> None:
    """Fetch URL into the archive and store; with no URL, discover and fetch
    what the stored citations of the latest run need.

    Prints the snapshot id(s) on stdout; a failed fetch is kept as a snapshot
    with its status and reason (exit 1 for a single URL that failed).
    """
    from verify.fetch import StderrProgress
    from verify.pipeline import Pipeline, parse_date
    from verify.runs import resolve_run

    settings = obj.settings()
    store = _open_store(settings)
    bar = StderrProgress(sys.stderr) if url is not None and not offline else None
    pipe = Pipeline(store, settings, offline=offline, progress=_progress, download_progress=bar)
    try:
        if url is None:
            resolve_run(store, None)  # a clear error when there is no run yet
            run_id = pipe.run_for_latest()
            article = pipe.article_for_run(run_id)
            when = parse_date(as_of, "--as-of") or article.published or pipe.clock().date()
            pipe.stage_fetch(run_id, when)
            for line in pipe.fetch_summary(run_id, when):
                click.echo(line)
            _raise_if_failed(pipe.failures(run_id))
            return
        snap = pipe.fetch_url(url)
    finally:
        pipe.close()
        store.close()
        if bar is not None:
            bar.done()
    click.echo(f"{snap.id}\t{snap.status}\t{snap.payload_sha256 or '-'}\t{snap.final_url}")
    if snap.status not in ("ok", "not_modified"):
        raise RunFailed(f"{url}: {snap.status}: {snap.reason}")
    if snap.parse_error:  # archived, but not read (a refused PDF, a page with no text)
        raise RunFailed(f"{url}: archived but not read: {snap.parse_error}")


@cli.command()
@click.argument("snapshot")
@click.option("--text", "as_text", is_flag=True, help="Print the extracted text instead.")
@pass_obj
def show(obj: _Obj, snapshot: str, as_text: bool) -> None:
    """Print an archived document as fetched: headers and body (or its text).

    SNAPSHOT is a snapshot id (or a prefix of it) or a payload sha256 prefix,
    as `verify fetch` and the reports print them.
    """
    from verify.fetch import Archive, WarcLocation, render_raw, render_text
    from verify.snapshots import find_snapshot, record_problem

    settings = obj.settings()
    store = _open_store(settings)
    try:
        snap = find_snapshot(store, snapshot)
    finally:
        store.close()
    if snap.warc_file is None or snap.warc_offset is None:
        raise RunFailed(f"snapshot {snap.id} has no archived record "
                        f"({snap.status}: {snap.reason})")
    archive_ = Archive(settings.archive_path)
    problem = record_problem(archive_, snap)
    if problem is not None:  # never serve bytes other than the ones the verdicts rest on
        raise RunFailed(f"snapshot {snap.id} ({snap.warc_file}:{snap.warc_offset}): "
                        f"{problem}; not shown (run `verify archive verify`)")
    loc = WarcLocation(snap.warc_file, snap.warc_offset, snap.warc_record_id or "")
    if as_text:
        click.echo(render_text(archive_, loc))
    else:
        sys.stdout.buffer.write(render_raw(archive_, loc))
        sys.stdout.buffer.flush()


@cli.group()
def archive() -> None:
    """The WARC archive of everything fetched, with its hashes."""


@archive.command("verify")
@pass_obj
def archive_verify(obj: _Obj) -> None:
    """Re-hash every record of the archive and name any that do not match.

    Each record is checked against its own WARC digests and, for every snapshot
    in the database, against the payload sha256 stored when it was fetched (a
    record edited and re-hashed passes the first check, not the second).
    Exits 1 when a record does not verify (each is named on stdout).
    """
    from verify.fetch import verify_archive

    settings = obj.settings()
    root = settings.archive_path
    if not root.is_dir():
        raise InputError("no archive here (set --archive or a workspace)", path=root)
    problems = verify_archive(root)
    snapshots = _snapshot_problems(settings, root)
    for problem in [*problems, *(snapshots or [])]:
        click.echo(str(problem))
    n_files = len(list(root.rglob("*.warc.gz")))
    n_bad = len(problems) + len(snapshots or [])
    if n_bad:
        raise RunFailed(f"{n_bad} archive record(s) do not verify in {root}")
    against = ("; every snapshot in the database matches its record" if snapshots is not None
               else "; no database here, so no snapshot was compared")
    click.echo(f"{root}: {n_files} WARC file(s), every record verifies{against}", err=True)


def _snapshot_problems(settings: Any, root: Path) -> list[Any] | None:
    """The records that disagree with their snapshot's stored sha256; None without a
    database (an archive can be checked on its own, and no database is created)."""
    url = str(settings.database_url)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        return None
    from verify.snapshots import check_against_store

    store = _open_store(settings)
    try:
        return list(check_against_store(store, root))
    finally:
        store.close()


# ------------------------------------------------------------------ match, report, audit

@cli.command()
@click.option("--as-of", "as_of", metavar="DATE", help="Judge claims as of this date "
              "(default: the article's date, else today).")
@click.option("--offline", is_flag=True, help="Replay anything not yet fetched for this date "
              "from the archive; open no socket.")
@pass_obj
def match(obj: _Obj, as_of: str | None, offline: bool) -> None:
    """Find evidence and decide verdicts for the stored claims of the latest run.

    What `verify fetch` did not yet fetch for the date is fetched first.
    Prints one line per claim: id, label[/qualifier], reason, text.
    """
    from verify.pipeline import Pipeline, parse_date
    from verify.runs import build_report, resolve_run

    settings = obj.settings()
    store = _open_store(settings)
    pipe = Pipeline(store, settings, offline=offline, progress=_progress)
    try:
        resolve_run(store, None)  # a clear error when there is no run yet
        run_id = pipe.run_for_latest()
        article = pipe.article_for_run(run_id)
        when = parse_date(as_of, "--as-of") or article.published or pipe.clock().date()
        pipe.stage_fetch(run_id, when)  # nothing to do if `verify fetch` ran for this date
        pipe.stage_judge(run_id, when)
        pipe.finish_run(run_id, when)
        report_ = build_report(store, run_id, when)
        failed = pipe.failures(run_id)
    finally:
        pipe.close()
        store.close()
    for c in report_["claims"]:
        v = c["verdict"] or {}
        label = v.get("label", "-") + (f"/{v['qualifier']}" if v.get("qualifier") else "")
        click.echo(f"{c['id']}\t{label}\t{v.get('reason', '-')}\t{c['text'][:80]}")
    _raise_if_failed(failed)


@cli.command()
@click.argument("run", required=False)
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json", "claimreview", "csv"]),
              default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@pass_obj
def report(obj: _Obj, run: str | None, fmt: str, output: Path | None) -> None:
    """Render a run's verification report (default: the latest run)."""
    from verify.runs import resolve_run

    settings = obj.settings()
    store = _open_store(settings)
    run_id = resolve_run(store, run)
    _write_report(store, settings, run_id, None, fmt, output)


@cli.command()
@click.argument("run", required=False)
@click.option("--prov", "prov_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the source chains as W3C PROV-JSON to this file.")
@pass_obj
def audit(obj: _Obj, run: str | None, prov_out: Path | None) -> None:
    """Source chains and flags of a run: does each claim reach a primary source?"""
    import json

    from verify.runs import build_report, resolve_run

    try:
        from verify.audit import audit as audit_run
        from verify.audit import prov_json, render_audit_text
    except ImportError:
        raise NotBuiltError("audit") from None
    settings = obj.settings()
    store = _open_store(settings)
    try:
        report_ = build_report(store, resolve_run(store, run))
    finally:
        store.close()
    result = audit_run(report_)
    click.echo(render_audit_text(result), nl=False)
    if prov_out is not None:
        prov_out.write_text(json.dumps(prov_json(report_, result), indent=2,
                                       ensure_ascii=False) + "\n", encoding="utf-8")
        click.echo(f"PROV-JSON written to {prov_out}", err=True)


@cli.command()
@click.argument("run", required=False)
@click.option("--offline", is_flag=True, help="Replay from the archive (its newest record "
              "of each URL); open no socket.")
@click.option("--as-of", "as_of", metavar="DATE", help="The verdicts of this date "
              "(default: the run's latest).")
@click.option("--source", "sources", multiple=True, metavar="KEY",
              help="Only the evidence from this source (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the drift records as JSON.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the drift records as JSON to this file.")
@pass_obj
def recheck(obj: _Obj, run: str | None, offline: bool, as_of: str | None,
            sources: tuple[str, ...], as_json: bool, output: Path | None) -> None:
    """Fetch a run's sources again, classify drift and re-anchor the quotes.

    One line per evidence quote of the run's verdicts (default: the latest run,
    its latest as-of date): claim id, drift (unchanged, changed_quote_anchors,
    quote_gone, page_gone, redirected), URL, old->new sha256. New snapshots are
    stored; verdicts never change.
    """
    from verify.pipeline import parse_date
    from verify.recheck import drift_json
    from verify.recheck import recheck as recheck_run
    from verify.registry import load_registry
    from verify.runs import resolve_run

    when = parse_date(as_of, "--as-of")
    settings = obj.settings()
    registry = load_registry(settings.sources_path, settings.source_overrides)
    store = _open_store(settings)
    try:
        result = recheck_run(store, settings, resolve_run(store, run), registry=registry,
                             as_of=when, sources=sources, offline=offline,
                             progress=_progress)
    finally:
        store.close()
    if as_json:
        click.echo(drift_json(result), nl=False)
    else:
        for d in result.drifts:
            click.echo(d.line())
    click.echo(result.summary(), err=True)
    if output is not None:
        output.write_text(drift_json(result), encoding="utf-8")
        click.echo(f"drift records written to {output}", err=True)


@cli.command()
@click.argument("claim")
@click.option("--label", type=click.Choice(["corroborated", "contradicted", "unverified"]),
              required=True)
@click.option("--note", required=True, help="The reviewer's reasoning.")
@click.option("--by", "who", help="Reviewer (default: $USER).")
@pass_obj
def review(obj: _Obj, claim: str, label: str, note: str, who: str | None) -> None:
    """Record a person's verdict on CLAIM, with a note, beside the tool's.

    The review is kept with who and when; reports show it next to the tool's verdict.
    """
    from verify.corrections import record_review
    from verify.runs import resolve_run

    settings = obj.settings()
    store = _open_store(settings)
    try:
        run_id = resolve_run(store, None)
        vid = record_review(store, run_id, claim, label, note, who=_who(who))
    finally:
        store.close()
    click.echo(vid)


@cli.command("eval")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write one prediction per record (JSONL) here.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object of the scores.")
@click.option("--baselines", is_flag=True, help="Also score three simple baselines.")
@click.option("--model/--no-model", "use_model", default=False, show_default=True,
              help="Judge with the shipped entailment model beside the rules.")
def eval_cmd(file: Path, out: Path | None, as_json: bool, baselines: bool,
             use_model: bool) -> None:
    """Judge claim/evidence records from a JSONL file; score them if labelled.

    Each line: {"id", "claim", "evidence" (a string or a list), "label"?}.
    Labels: SUPPORTS / REFUTES / NOT ENOUGH INFO or corroborated /
    contradicted / unverified. Every record is judged on its own.
    """
    import json

    from verify.eval import format_eval, run_eval

    entail = None
    if use_model:
        from verify import nli

        entail = nli.predict
    result = run_eval(file, out, baselines=baselines, entail=entail)
    if as_json:
        click.echo(json.dumps(result.summary(), sort_keys=True))
        if baselines:
            click.echo(format_eval(result), err=True, nl=False)
    else:
        click.echo(format_eval(result), nl=False)


@cli.command()
@click.argument("run")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as-of", "as_of", metavar="DATE", help="The verdicts of this date "
              "(default: the run's latest check).")
@pass_obj
def bundle(obj: _Obj, run: str, out: Path, as_of: str | None) -> None:
    """Write RUN as a self-verifying evidence bundle (a zip with hashes).

    The zip holds report.json, report.html, evidence.warc.gz (the WARC records
    the report cites), MANIFEST.json (sha256 and size of every file) and
    verify_bundle.py: `python3 verify_bundle.py` in the unzipped folder (or
    with the zip's path) re-hashes it all with the standard library only.
    """
    from verify.bundle import write_bundle
    from verify.pipeline import parse_date
    from verify.runs import resolve_run

    when = parse_date(as_of, "--as-of")
    settings = obj.settings()
    store = _open_store(settings)
    try:
        summary = write_bundle(store, resolve_run(store, run), out,
                               archive_root=settings.archive_path, as_of=when)
    finally:
        store.close()
    click.echo(summary.line())


# ------------------------------------------------------------------ sources, db

@cli.command()
@click.option("--check", "check_file", type=click.Path(path_type=Path), metavar="FILE",
              help="Validate FILE as a source registry and exit (0 valid, 2 broken).")
@pass_obj
def sources(obj: _Obj, check_file: Path | None) -> None:
    """List the source registry: sources, their fetcher kind and options."""
    from verify.registry import load_registry

    if check_file is not None:
        reg = load_registry(check_file)
        click.echo(f"{check_file}: ok ({len(reg.sources)} sources, {len(reg.entities)} "
                   f"entities, {len(reg.facts)} fact types)")
        return
    from verify.fetchers.base import kinds
    from verify.redact import redact_text

    settings = obj.settings()
    reg = load_registry(settings.sources_path, settings.source_overrides)
    click.echo(f"# {reg.path}")
    for src in reg.sources.values():
        role = f"{src.role}, outlet" if src.outlet else src.role
        click.echo(f"{src.key}\t{src.kind}\t{role}\t{src.name}")
        if src.aliases:
            click.echo(f"    aliases: {', '.join(src.aliases)}")
        if src.covers_entities or src.covers_facts:
            click.echo(f"    covers: entities={list(src.covers_entities)} "
                       f"facts={list(src.covers_facts)}")
        for name, value in src.options.items():
            click.echo(f"    {name} = {redact_text(repr(value))}")
    click.echo("\n# fact types and their predicates")
    for ft in reg.facts.values():
        said = f" — {ft.step}" + (" (takes effect)" if ft.effect else "") if ft.step else ""
        click.echo(f"{ft.name}{said}")
        for p in ft.predicates:
            how = [f"by {p.date_field}"] if p.date_field and not p.steps else []
            how += [f"by the earliest formal step: {p.date_field or 'the act'} or a record "
                    f"of {', '.join(p.steps)}"] if p.steps else []
            how += ["by what the named agent's record shows it did"] if p.agent else []
            how += [f"share >= {p.share:g}"] if p.share is not None else []
            click.echo(f"    {p.name}: {', '.join(p.words[:6])}"
                       + (f" ({'; '.join(how)})" if how else ""))
    click.echo("\n# fetcher kinds and their options")
    for kind, cls in sorted(kinds().items()):
        click.echo(f"{kind}: {cls.summary}")
        for opt in cls.options:
            req = " (required)" if opt.required else f" (default {opt.default!r})"
            click.echo(f"    {opt.name}: {opt.help}{req}")


@cli.group()
def db() -> None:
    """The database: SQLite by default, PostgreSQL by URL; migrations."""


@db.command("upgrade")
@pass_obj
def db_upgrade(obj: _Obj) -> None:
    """Create or migrate the database to the newest schema."""
    from verify.store.db import create_store_engine, redact, upgrade

    settings = obj.settings()
    engine = create_store_engine(settings.database_url)
    try:
        before, after = upgrade(engine)
    finally:
        engine.dispose()
    where = redact(settings.database_url)
    if before == after:
        click.echo(f"{where}: already at {after}", err=True)
    else:
        click.echo(f"{where}: upgraded {before or 'empty'} -> {after}", err=True)


# ------------------------------------------------------------------ helpers


class RunFailed(VerifyError):
    """A command that ran but did not succeed (exit 1)."""


def _raise_if_failed(failed: list[Any]) -> None:
    """One line on stderr counting the run's failed work items, and exit 3."""
    if not failed:
        return
    from verify.errors import RunIncomplete

    by_stage: dict[str, int] = {}
    for item in failed:
        stage = item.stage.split("@")[0].split(":")[0]
        by_stage[stage] = by_stage.get(stage, 0) + 1
    stages = ", ".join(f"{name} {n}" for name, n in sorted(by_stage.items()))
    first = f"{failed[0].key}: {failed[0].last_error or 'failed'}"
    raise RunIncomplete(f"{len(failed)} work item(s) failed ({stages}); the claims resting on "
                        "them are unverified (fetch_failed or judge_failed), not judged; first: "
                        f"{first[:300]}; run the same command again to retry them",
                        failed=len(failed))


def _progress(message: str) -> None:
    from verify.redact import redact_text

    click.echo(redact_text(message), err=True)


def _who(who: str | None) -> str:
    return who or os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"


def _open_store(settings: Any) -> Any:
    from verify.store import open_store

    return open_store(settings.database_url)


def _correct(obj: _Obj, action: str, claim: str, fields: dict[str, Any], note: str | None,
             who: str | None) -> None:
    from verify.corrections import record_correction

    settings = obj.settings()
    store = _open_store(settings)
    try:
        cid = record_correction(store, claim, action, fields, who=_who(who), note=note)
    finally:
        store.close()
    click.echo(cid)


def _write_report(store: Any, settings: Any, run_id: str, as_of: Any, fmt: str,
                  output: Path | None) -> None:
    from verify.runs import build_report

    try:
        report_ = build_report(store, run_id, as_of)
    finally:
        store.close()
    try:
        from verify.reports import render
    except ImportError:
        raise NotBuiltError(f"report --format {fmt}") from None
    text = render(report_, fmt, publisher=dict(settings.publisher))
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"report written to {output}", err=True)


# ------------------------------------------------------------------ entry point

class _RedactingFilter(logging.Filter):
    """Log lines are written out with every URL's credentials redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        from verify.redact import redact_text

        record.msg = redact_text(record.getMessage())
        record.args = None
        return True


def _setup_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("verify: %(levelname)s: %(message)s"))
    handler.addFilter(_RedactingFilter())
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(handler)
        root.setLevel(logging.WARNING)


def main(argv: list[str] | None = None) -> None:
    from verify.redact import redact_text

    if argv is None:
        # The `verify` command (not main() called as a library): a young-generation
        # collection every 50,000 allocations instead of 700. Importing the packages and
        # loading the models make millions of objects that all stay alive, and the
        # default thresholds rescanned them over and over (bench/check: a new check
        # 0.1-0.15 s faster, the same peak RSS).
        import gc

        gc.set_threshold(50_000, 20, 100)
    _setup_logging()
    try:
        cli.main(args=argv, prog_name="verify", standalone_mode=True)
    except VerifyError as e:
        click.echo(f"verify: error: {redact_text(str(e))}", err=True)
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        click.echo("verify: interrupted", err=True)
        sys.exit(130)
    except Exception as e:
        if os.environ.get("VERIFY_DEBUG"):
            raise
        click.echo(f"verify: internal error: {type(e).__name__}: {redact_text(str(e))} "
                   "(set VERIFY_DEBUG=1 for the traceback)", err=True)
        sys.exit(1)
