"""Keeping the library safe: backup, restore, check."""

from __future__ import annotations

from pathlib import Path

import click

from briefing.cli.base import AppContext, ask_passphrase, cli, emit_json, pass_app
from briefing.errors import BriefingError, StoreBusy
from briefing.library.encryption import WrongPassphrase, decrypt_store, encrypt_store, is_encrypted
from briefing.library.opening import migrate, resolve_store_path
from briefing.safekeeping.backup import (
    backup_before_upgrade,
    backups_of,
    make_backup,
    open_library,
    restore,
    restore_file,
    validate_store_file,
)
from briefing.safekeeping.backup import copy_store as copy_store_file
from briefing.safekeeping.check import check_store


def _size(path: Path) -> str:
    n = path.stat().st_size
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{n / 1024:.0f} kB"


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the copy to this file.")
@click.option("--list", "list_them", is_flag=True, help="List the backups kept beside the library instead.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_app
def backup(app: AppContext, output: Path | None, list_them: bool, as_json: bool) -> None:
    """Copy the library safely while it is in use (to backups/ beside it, or to FILE)."""
    path = app.store.path
    if path is None:
        raise BriefingError("a store in memory has nothing to back up")
    if list_them:
        rows = [{"file": str(p), "bytes": p.stat().st_size} for p in reversed(backups_of(path))]
        if as_json:
            emit_json(rows)
        elif not rows:
            click.echo(f"No backups yet beside {path}.")
        else:
            for r in rows:
                click.echo(f"{r['file']}  ({_size(Path(r['file']))})")
        return
    if output:
        target = copy_store_file(path, output, passphrase=app.store.passphrase)
    else:
        target = make_backup(path, "manual", passphrase=app.store.passphrase)
    if as_json:
        emit_json({"store": str(path), "backup": str(target), "bytes": target.stat().st_size})
        return
    click.echo(f"Backed up to {target} ({_size(target)}).")


@cli.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def restore_command(ctx: click.Context, file: Path, as_json: bool) -> None:
    """Replace the library with a backup FILE; the current library is backed up first."""
    app: AppContext = ctx.obj
    store_path = resolve_store_path(app.store_path)
    validate_store_file(file, app.passphrase)  # refuse a bad file before touching anything
    try:
        store = app.store
    except (StoreBusy, WrongPassphrase):
        raise
    except BriefingError:
        # too damaged to open (a garbage file looks encrypted, hence PassphraseNeeded
        # too): restore by replacing the file, which is moved aside, not deleted
        store = None
    if store is not None:
        saved = restore(store, file)
        migrate(store, before_upgrade=backup_before_upgrade)
        result = {"store": str(store_path), "restored_from": str(file), "previous_saved_to": str(saved)}
    else:
        kept = restore_file(store_path, file, passphrase=app.passphrase)
        open_library(store_path, passphrase=app.passphrase).close()  # brings an older backup up to the current schema
        result = {"store": str(store_path), "restored_from": str(file), "previous_saved_to": str(kept) if kept else None}
    if as_json:
        emit_json(result)
        return
    click.echo(f"Restored {store_path} from {file}.")
    if result["previous_saved_to"]:
        click.echo(f"The library as it was is saved in {result['previous_saved_to']}.")


@cli.command("check")
@click.option("--no-repair", is_flag=True, help="Only report; do not rebuild the search index.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_app
def check_command(app: AppContext, no_repair: bool, as_json: bool) -> None:
    """Check the library's integrity and its search index; rebuild the index when out of step.

    Exits 1 when a problem remains.
    """
    app.verify_schema = False  # a library holding what the app did not make is reported, not refused
    report = check_store(app.store, repair=not no_repair)
    if as_json:
        emit_json(report.as_dict())
    else:
        for line in report.lines():
            click.echo(line)
    if not report.ok:
        if report.integrity != ["ok"] and not as_json:
            click.echo("The library file is damaged: restore a backup with `briefing restore FILE`.", err=True)
        elif report.foreign and not as_json:
            click.echo(
                "The library holds what Briefing Book did not make; the app and the commands refuse it: "
                "restore a backup with `briefing restore FILE`.",
                err=True,
            )
        ctx = click.get_current_context()
        ctx.exit(1)


def _plain_backups(store_path: Path) -> list[Path]:
    return [p for p in backups_of(store_path) if not is_encrypted(p)]


@cli.command()
@click.option("--delete-plain-backups", is_flag=True, help="Also delete the unencrypted backups beside the library.")
@click.pass_context
def encrypt(ctx: click.Context, delete_plain_backups: bool) -> None:
    """Encrypt the library with a passphrase (asked twice, never stored). Close the app first.

    Without the passphrase the library cannot be opened: there is no way to recover it.
    """
    app: AppContext = ctx.obj
    path = resolve_store_path(app.store_path)
    if not path.is_file():
        raise BriefingError(f"{path}: no library here yet (run `briefing init` first)")
    if is_encrypted(path):
        raise BriefingError(f"{path}: is already encrypted")
    open_library(path).close()  # refuse a damaged file, and bring it to the current schema first
    passphrase = ask_passphrase("New passphrase", confirm=True)
    encrypt_store(path, passphrase)
    click.echo(f"Encrypted {path}. Open it with --ask-passphrase (or BRIEFING_PASSPHRASE).")
    plain = _plain_backups(path)
    if plain and delete_plain_backups:
        for p in plain:
            p.unlink()
        click.echo(f"Deleted {len(plain)} unencrypted backups.")
    elif plain:
        click.echo(
            f"Warning: {len(plain)} earlier backups in {plain[0].parent} are not encrypted; "
            "delete them (--delete-plain-backups) or keep them somewhere safe.",
            err=True,
        )


@cli.command()
@click.pass_context
def decrypt(ctx: click.Context) -> None:
    """Remove the library's encryption (asks for its passphrase). Close the app first."""
    app: AppContext = ctx.obj
    path = resolve_store_path(app.store_path)
    if not is_encrypted(path):
        raise BriefingError(f"{path}: is not encrypted")
    passphrase = app.passphrase or ask_passphrase()
    open_library(path, passphrase=passphrase).close()  # a wrong passphrase is refused here, clearly
    decrypt_store(path, passphrase)
    click.echo(f"Decrypted {path}: it no longer needs a passphrase.")
